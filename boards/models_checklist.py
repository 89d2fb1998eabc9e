"""An item's checklist: its sub-tasks, in order, each done or not.

Kept apart from boards.models, which had passed the size a module is split at; boards.models re-exports it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChecklistEntry(models.Model):
    """One sub-task of an item. `position` orders an item's entries (lower first) and is unique per item, so two
    members reordering at once can never leave two entries in one place. `board` (the item's) lets the database
    raise the board's items version on every change (boards/migrations/0016_checklist.py)."""

    TEXT_LIMIT = 200
    PER_ITEM_LIMIT = 100  # a checklist longer than this is a backlog of its own: split the item

    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="+", verbose_name=_("board"))
    item = models.ForeignKey(
        "boards.BacklogItem", on_delete=models.CASCADE, related_name="checklist_entries", verbose_name=_("item")
    )
    text = models.CharField(max_length=TEXT_LIMIT, verbose_name=_("text"))
    done = models.BooleanField(default=False, verbose_name=_("done"))
    position = models.IntegerField(verbose_name=_("position"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        app_label = "boards"
        verbose_name = _("checklist entry")
        verbose_name_plural = _("checklist entries")
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="checklist_entry_one_per_position"),
            models.CheckConstraint(condition=~Q(text=""), name="checklist_entry_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}.{self.position} {'☑' if self.done else '☐'} {self.text}"
