"""An item's discussion: its members' comments, in Markdown (docs/discussion.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boards.models import BacklogItem, Board


class Comment(models.Model):
    """One member's comment on an item. Its text is Markdown, kept as typed; pages and the API render it through
    discussion.markdown (a safe subset, sanitized). Deleting a comment keeps nothing of it."""

    TEXT_LIMIT = 10000

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="comments", verbose_name=_("board"))
    item = models.ForeignKey(BacklogItem, on_delete=models.CASCADE, related_name="comments", verbose_name=_("item"))
    # A deleted account's comments stay in the discussion, by "someone".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name=_("author"),
    )
    text = models.TextField(verbose_name=_("text"))
    created_at = models.DateTimeField(verbose_name=_("created at"))
    edited_at = models.DateTimeField(null=True, blank=True, verbose_name=_("edited at"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["item", "created_at"], name="comment_item_created")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on #{self.item_id}"
