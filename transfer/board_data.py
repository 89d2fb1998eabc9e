"""A whole board as plain JSON data, and back: what the board export writes and the board import reads.

Each table is a list of rows in creation order; a row names other rows by their `ref` (its index in its own
table), never by database id, and people by username, so a file moves between instances. The fields are read off
the models: a field added to one of these models travels without a change here. What does not travel: ids, the
`version` counters (a new board starts its own), and the times Django sets itself on creation (`auto_now_add`:
an imported row is created now). Poker sessions stay behind: they are the moment of an estimate, whose result is the
item's points.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from boards.models import (
    BacklogItem,
    Board,
    ChecklistEntry,
    Criterion,
    CriterionCheck,
    ItemEvent,
    ItemLabel,
    Label,
    WipLimit,
)
from discussion.models import Comment
from retros.models import Action, Card, Retro
from retros.models import Vote as RetroVote
from reviews.models import Feedback, Review, ReviewItem
from sprints.models import Sprint, SprintCommitment
from standups.models import Blocker, Standup, StandupEntry
from timers.models import Timer

FORMAT = "scrum-app-board"
FORMAT_VERSION = 1
NOT_COPIED = {"id", "board", "version", "items_version", "search_vector"}  # the search words: the database's own


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    board_path: str  # how a row reaches its board, for the export's query

    def fields(self) -> list[models.Field]:
        """The fields a row carries: every concrete field but the id, the board and the version counters."""
        return [field for field in self.model._meta.concrete_fields if field.name not in NOT_COPIED]


# In the order an import creates them: a row refers only to tables above it (or to its own table: created first,
# linked after).
TABLES = [
    Table("wip_limits", WipLimit, "board"),
    Table("sprints", Sprint, "board"),
    Table("labels", Label, "board"),
    Table("items", BacklogItem, "board"),
    Table("item_labels", ItemLabel, "board"),
    Table("checklist_entries", ChecklistEntry, "board"),
    Table("item_events", ItemEvent, "board"),
    Table("comments", Comment, "board"),
    Table("criteria", Criterion, "board"),
    Table("checks", CriterionCheck, "board"),
    Table("commitments", SprintCommitment, "sprint__board"),
    Table("standups", Standup, "board"),
    Table("standup_entries", StandupEntry, "standup__board"),
    Table("blockers", Blocker, "board"),
    Table("retros", Retro, "board"),
    Table("retro_cards", Card, "retro__board"),
    Table("retro_votes", RetroVote, "retro__board"),
    Table("retro_actions", Action, "board"),
    Table("reviews", Review, "board"),
    Table("review_items", ReviewItem, "review__board"),
    Table("review_feedback", Feedback, "review__board"),
    Table("timers", Timer, "board"),
]
TABLE_OF = {table.model: table for table in TABLES}
BOARD_SETTINGS = ("name", "description", "sprint_length_weeks", "retro_vote_budget", "refinement_minutes")
BOARD_SETTINGS += ("working_days", "time_zone")


def is_user(field: models.Field) -> bool:
    return field.is_relation and field.related_model is get_user_model()


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _rows(table: Table, board: Board, refs: dict[type[models.Model], dict[int, int]]) -> list[dict[str, Any]]:
    fields = table.fields()
    users = [field for field in fields if is_user(field)]
    rows = table.model.objects.filter(**{table.board_path: board}).order_by("pk")
    if users:
        rows = rows.select_related(*(field.name for field in users))
    out = []
    refs[table.model] = {}
    for ref, row in enumerate(rows):
        refs[table.model][row.pk] = ref
        shown: dict[str, Any] = {"ref": ref}
        for field in fields:
            if is_user(field):
                user = getattr(row, field.name)
                shown[field.name] = user.get_username() if user is not None else None
            elif field.is_relation:
                target = getattr(row, field.attname)
                # A row of a table below (or of its own, which the loop has not reached yet: a second pass).
                shown[field.name] = target
            else:
                shown[field.name] = _plain(getattr(row, field.attname))
        out.append(shown)
    for field in fields:
        if field.is_relation and not is_user(field):
            targets = refs.get(field.related_model, {})
            for shown in out:
                if shown[field.name] is not None:
                    shown[field.name] = targets.get(shown[field.name])
    return out


def board_data(board: Board) -> dict[str, Any]:
    """The board and everything in it (docs/transfer.md, "Board export")."""
    refs: dict[type[models.Model], dict[int, int]] = {}
    members = board.memberships.select_related("user").order_by("user__username")
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "board": {"slug": board.slug, **{name: getattr(board, name) for name in BOARD_SETTINGS}},
        "members": [{"username": m.user.get_username(), "role": m.role} for m in members],
    }
    for table in TABLES:
        data[table.name] = _rows(table, board, refs)
    return data


def times_of(data: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """The (table, field) pairs that are times Django sets on creation: an import cannot keep them."""
    for table in TABLES:
        for field in table.fields():
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                yield table.name, field.name
