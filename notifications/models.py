"""A person's notifications, the items they watch and how they want to hear of each kind by e-mail.

The app refers to the boards' models by name only ("boards.Board"): it sits under boards in the layers
(docs/architecture.md), and boards, sprints and the ceremonies call its services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Mentions of me")
    ASSIGNED = "assigned", _("Items assigned to me")
    STATUS = "status", _("Status changes of items I watch")
    COMMENT = "comment", _("Comments on items I watch")
    INVITED = "invited", _("Invitations to a board")
    REVIEW = "review", _("My items accepted or rejected in a review")
    RETRO_ACTION = "retro_action", _("Retro actions assigned to me")
    BLOCKER_RESOLVED = "blocker_resolved", _("Blockers I raised resolved")


class EmailChoice(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DIGEST = "digest", _("Daily digest")
    NEVER = "never", _("Never")


# What a person who chose nothing gets: at once what asks them to act, the rest once a day.
IMMEDIATE_BY_DEFAULT = frozenset({NotificationKind.MENTION, NotificationKind.ASSIGNED, NotificationKind.INVITED})


def default_email_choice(kind: str) -> str:
    return EmailChoice.IMMEDIATELY if kind in IMMEDIATE_BY_DEFAULT else EmailChoice.DIGEST


class Notification(models.Model):
    """One thing that concerns `recipient`. `key` names the action it tells about: one notification per person and
    key, ever (notification_one_per_recipient_and_key), so an action that is retried notifies nobody twice.

    `text` is what the notification is about (an item's title, a board's name, a comment's opening words) as the
    actor wrote it; the sentence around it is rendered in the reader's language (notifications.texts)."""

    TEXT_LIMIT = 300

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices, verbose_name=_("kind"))
    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="+", verbose_name=_("board"))
    item = models.ForeignKey(
        "boards.BacklogItem", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("item")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("actor")
    )
    text = models.CharField(max_length=TEXT_LIMIT, verbose_name=_("text"))
    key = models.CharField(max_length=200, verbose_name=_("key"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read"))
    # When an e-mail told of it (at once, or in a digest): a digest takes only those with none.
    emailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("e-mailed"))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_one_per_recipient_and_key"),
            models.CheckConstraint(condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_recent"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_recipient_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}: {self.text}"


class Watch(models.Model):
    """`user` hears of `item`'s status changes and comments."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches", verbose_name=_("user")
    )
    item = models.ForeignKey(
        "boards.BacklogItem", on_delete=models.CASCADE, related_name="watches", verbose_name=_("item")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="watch_one_per_user_and_item")]

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.item_id}"


class EmailPreference(models.Model):
    """How `user` wants e-mail of one kind of notification. No row: the default (default_email_choice)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences", verbose_name=_("user")
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices, verbose_name=_("kind"))
    choice = models.CharField(max_length=12, choices=EmailChoice.choices, verbose_name=_("e-mail"))

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_preference_one_per_user_and_kind"),
            models.CheckConstraint(condition=Q(kind__in=NotificationKind.values), name="email_preference_kind_valid"),
            models.CheckConstraint(condition=Q(choice__in=EmailChoice.values), name="email_preference_choice_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.choice}"
