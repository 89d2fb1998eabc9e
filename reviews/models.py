"""Sprint reviews: one per sprint, opened by the Scrum Master; the Product Owner's verdict on each item of the
sprint, the stakeholders' feedback, whether the sprint goal was met.

Rules that must hold under races are constraints: one review per sprint, one verdict row per item of a review (the
services lock that row before deciding, so two decisions at once give one verdict and one 409).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReviewState(models.TextChoices):
    OPEN = "open", pgettext_lazy("review state", "Open")
    CLOSED = "closed", pgettext_lazy("review state", "Closed")


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("review verdict", "Accepted")
    REJECTED = "rejected", pgettext_lazy("review verdict", "Rejected")


class Review(models.Model):
    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="reviews")
    sprint = models.ForeignKey("sprints.Sprint", on_delete=models.CASCADE, related_name="reviews")
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.OPEN)
    goal_met = models.BooleanField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["sprint"], name="review_one_per_sprint"),
            models.CheckConstraint(condition=Q(state__in=ReviewState.values), name="review_state_valid"),
            models.CheckConstraint(
                condition=Q(state=ReviewState.OPEN) | Q(closed_at__isnull=False), name="review_closed_has_closed_at"
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.pk}"

    @property
    def closed(self) -> bool:
        return self.state == ReviewState.CLOSED


class ReviewItem(models.Model):
    """An item of the reviewed sprint (taken when the review opened, or when first decided) and the PO's verdict."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey("boards.BacklogItem", on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=10, choices=Verdict.choices, blank=True, default="")
    note = models.TextField(max_length=1000, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="review_item_once"),
            models.CheckConstraint(condition=Q(verdict__in=["", *Verdict.values]), name="review_item_verdict_valid"),
        ]

    def __str__(self) -> str:
        return f"Review {self.review_id}: item {self.item_id} {self.verdict or '-'}"


class Feedback(models.Model):
    """A stakeholder's note made during the review; `item` is the backlog item it became, if it did."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="feedback")
    text = models.TextField(max_length=1000, verbose_name=_("feedback"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.ForeignKey("boards.BacklogItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Feedback {self.pk}"
