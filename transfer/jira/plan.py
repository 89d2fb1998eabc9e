"""What a Jira file would do to a board, worked out before anything is written: the preview shows it, a dry run
answers it, the import carries it out.

Each row becomes an item (matched to an earlier import by its Jira key: then updated where the file differs, else
skipped). Types, statuses and points are mapped to the board's; what cannot be mapped exactly is imported the
nearest way and reported as a warning on its row. A row the board cannot hold at all (a summary over the title's
length, a key twice in the file) is an error naming the row: nothing of the file is written.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from boards.models import ITEM_TEXT_LIMITS, POINT_VALUES, BacklogItem, Board, Kind, Membership, Status
from boards.services.labels import label_name_check
from scrum_app.errors import InvalidInput
from transfer.jira.csvfile import JiraRow

KEY_LIMIT = BacklogItem._meta.get_field("jira_key").max_length

TYPES = {
    "story": Kind.STORY,
    "user story": Kind.STORY,
    "new feature": Kind.STORY,
    "improvement": Kind.STORY,
    "epic": Kind.EPIC,
    "bug": Kind.BUG,
    "defect": Kind.BUG,
    "task": Kind.CHORE,
    "sub-task": Kind.CHORE,
    "subtask": Kind.CHORE,
    "spike": Kind.CHORE,
}
SUB_TASKS = {"sub-task", "subtask"}
# Jira's usual workflow names; any other is the user's to map (the preview asks, the API takes `status_map`).
STATUSES = {
    "to do": Status.TODO,
    "open": Status.TODO,
    "backlog": Status.TODO,
    "new": Status.TODO,
    "reopened": Status.TODO,
    "selected for development": Status.TODO,
    "in progress": Status.IN_PROGRESS,
    "in development": Status.IN_PROGRESS,
    "in testing": Status.TESTING,
    "testing": Status.TESTING,
    "in qa": Status.TESTING,
    "qa": Status.TESTING,
    "in review": Status.TESTING,
    "code review": Status.TESTING,
    "po review": Status.PO_REVIEW,
    "acceptance": Status.PO_REVIEW,
    "done": Status.DONE,
    "closed": Status.DONE,
    "resolved": Status.DONE,
    "complete": Status.DONE,
    "completed": Status.DONE,
}
# The fields an import writes, and updates on a later import of the same key.
FIELDS = ("title", "kind", "status", "points", "assignee", "description", "acceptance_criteria")


@dataclass(frozen=True)
class Note:
    """A warning on a row: what was imported differently from the file, or not at all."""

    row: int
    message: str


@dataclass
class Planned:
    row: int
    key: str
    values: dict[str, Any]
    labels: list[str] = field(default_factory=list)
    epic_key: str | None = None  # the key of the epic it belongs to, in the file or imported before
    existing: BacklogItem | None = None
    changed: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changed else "skip"


@dataclass
class ImportPlan:
    items: list[Planned]
    warnings: list[Note]
    # Every status the file uses, with the board's status it becomes; `unknown` are those the user must confirm.
    status_map: dict[str, str]
    unknown_statuses: list[str]
    new_labels: list[str] = field(default_factory=list)  # label names the board has not got yet

    def count(self, action: str) -> int:
        return sum(1 for planned in self.items if planned.action == action)


def _points(row: JiraRow, notes: list[Note]) -> int | None:
    if not row.points:
        return None
    try:
        value = float(row.points.replace(",", "."))
    except ValueError:
        notes.append(
            Note(row.row, _("Story points %(points)r are not a number: left unestimated.") % {"points": row.points})
        )
        return None
    if not math.isfinite(value) or value <= 0:
        notes.append(Note(row.row, _("Story points %(points)s: left unestimated.") % {"points": row.points}))
        return None
    deck = next((card for card in POINT_VALUES if card >= value), None)
    if deck is None:
        notes.append(Note(row.row, _("%(points)s story points: over the deck, set to 100.") % {"points": row.points}))
        return max(POINT_VALUES)
    if deck != value:
        notes.append(
            Note(row.row, _("%(points)s story points rounded up to %(deck)d.") % {"points": row.points, "deck": deck})
        )
    return deck


def _kind(row: JiraRow, notes: list[Note]) -> str:
    name = row.issue_type.strip().lower()
    if name in SUB_TASKS and row.parent_id:
        notes.append(Note(row.row, _("A sub-task: imported as an item of its own.")))
    if not name or name in TYPES:
        return TYPES.get(name, Kind.STORY)
    notes.append(Note(row.row, _("Issue type %(type)r imported as a story.") % {"type": row.issue_type}))
    return Kind.STORY


def _check_sizes(row: JiraRow) -> None:
    if not row.summary:
        raise InvalidInput(_("Row %(row)d: the Summary is empty.") % {"row": row.row}, field="file")
    if len(row.key) > KEY_LIMIT:
        raise InvalidInput(
            _("Row %(row)d: the Issue key is over %(limit)d characters.") % {"row": row.row, "limit": KEY_LIMIT},
            field="file",
        )
    for column, text, name in (
        ("Summary", row.summary, "title"),
        ("Description", row.description, "description"),
        ("Acceptance Criteria", row.acceptance_criteria, "acceptance_criteria"),
    ):
        if len(text) > ITEM_TEXT_LIMITS[name]:
            raise InvalidInput(
                _("Row %(row)d: the %(column)s is %(length)d characters; an item holds %(limit)d.")
                % {"row": row.row, "column": column, "length": len(text), "limit": ITEM_TEXT_LIMITS[name]},
                field="file",
            )


def _people(board: Board) -> dict[str, AbstractBaseUser]:
    """The board's members by lower-case username and e-mail."""
    people: dict[str, AbstractBaseUser] = {}
    for membership in Membership.objects.filter(board=board).select_related("user"):
        user = membership.user
        people[user.username.lower()] = user
        if user.email:
            people.setdefault(user.email.lower(), user)
    return people


def _labels(row: JiraRow, notes: list[Note]) -> list[str]:
    """The row's labels the board can hold (a label's name has no comma, at most 50 characters), each once."""
    kept: dict[str, str] = {}
    for name in row.labels:
        try:
            kept.setdefault(label_name_check(name).lower(), label_name_check(name))
        except InvalidInput as refused:
            notes.append(Note(row.row, _("Label %(name)r left out: %(why)s") % {"name": name, "why": refused.message}))
    return list(kept.values())


def _epic_key(row: JiraRow, key_of_id: Mapping[str, str]) -> str | None:
    """The epic a row names: its Epic Link (a key), or its parent (an epic's issue id in the file) for next-gen
    projects."""
    if row.epic_link:
        return row.epic_link
    return key_of_id.get(row.parent_id) if row.parent_id else None


def _epics_checked(items: list[Planned], existing_epics: Mapping[str, int], notes: list[Note]) -> None:
    """Keep only epic links to an epic (of the file, or imported before) from an item that is no epic itself."""
    in_file = {planned.key for planned in items if planned.values["kind"] == Kind.EPIC}
    for planned in items:
        key = planned.epic_key
        if key is None:
            continue
        if planned.values["kind"] == Kind.EPIC or (key not in in_file and key not in existing_epics):
            notes.append(
                Note(planned.row, _("%(key)s is no epic of this file or board: left out of any epic.") % {"key": key})
            )
            planned.epic_key = None


def _differs(item: BacklogItem, values: Mapping[str, Any]) -> list[str]:
    changed = []
    for name in FIELDS:
        current = item.assignee_id if name == "assignee" else getattr(item, name)
        wanted = values[name].pk if name == "assignee" and values[name] is not None else values[name]
        if current != wanted:
            changed.append(name)
    return changed


def status_map_for(rows: list[JiraRow], chosen: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Every status the file uses (by its name in the file) and the board's status it becomes: the user's choice,
    else Jira's usual meaning, else To do; and the names that had no usual meaning."""
    mapping, unknown = {}, []
    for name in dict.fromkeys(row.status for row in rows if row.status):
        if name in chosen:
            mapping[name] = chosen[name]
        elif name.lower() in STATUSES:
            mapping[name] = STATUSES[name.lower()]
        else:
            mapping[name] = Status.TODO
        if name.lower() not in STATUSES:
            unknown.append(name)
    return mapping, unknown


def plan_import(board: Board, rows: list[JiraRow], *, status_map: Mapping[str, str] | None = None) -> ImportPlan:
    """The plan for these rows on this board (reads only). `status_map` maps a status name of the file to one of
    the board's (`todo`, …, `done`)."""
    chosen = dict(status_map or {})
    bad = sorted(value for value in chosen.values() if value not in Status.values)
    if bad:
        raise InvalidInput(
            _("Unknown status %(status)r; use one of %(statuses)s.")
            % {"status": bad[0], "statuses": ", ".join(Status.values)},
            field="status_map",
        )
    seen: dict[str, int] = {}
    for row in rows:
        _check_sizes(row)
        if row.key in seen:
            raise InvalidInput(
                _("Row %(row)d: issue %(key)s is also on row %(first)d.")
                % {"row": row.row, "key": row.key, "first": seen[row.key]},
                field="file",
            )
        seen[row.key] = row.row
    mapping, unknown = status_map_for(rows, chosen)
    people = _people(board)
    found = BacklogItem.objects.filter(board=board, jira_key__in=list(seen)).prefetch_related("labels")
    existing = {item.jira_key: item for item in found}
    epics = BacklogItem.objects.filter(board=board, kind=Kind.EPIC, jira_key__isnull=False)
    existing_epics = dict(epics.values_list("jira_key", "pk"))
    # A parent links to an epic only when it is one (a sub-task's parent is a story: its own warning says so).
    key_of_id = {
        row.issue_id: row.key for row in rows if row.issue_id and TYPES.get(row.issue_type.lower()) == Kind.EPIC
    }
    notes: list[Note] = []
    items = []
    for row in rows:
        assignee = people.get(row.assignee.lower()) if row.assignee else None
        if row.assignee and assignee is None:
            notes.append(
                Note(row.row, _("%(who)s is not a member of this board: left unassigned.") % {"who": row.assignee})
            )
        values = {
            "title": row.summary,
            "kind": _kind(row, notes),
            "status": mapping.get(row.status, Status.TODO),
            "points": _points(row, notes),
            "assignee": assignee,
            "description": row.description,
            "acceptance_criteria": row.acceptance_criteria,
        }
        planned = Planned(
            row=row.row,
            key=row.key,
            values=values,
            labels=_labels(row, notes),
            epic_key=_epic_key(row, key_of_id),
            existing=existing.get(row.key),
        )
        items.append(planned)
    _epics_checked(items, existing_epics, notes)
    for planned in items:
        if planned.existing is not None:
            planned.changed = _differs(planned.existing, planned.values)
            if {label.name.lower() for label in planned.existing.labels.all()} != {n.lower() for n in planned.labels}:
                planned.changed.append("labels")
            wanted = existing_epics.get(planned.epic_key) if planned.epic_key else None
            if planned.existing.epic_id != wanted or (planned.epic_key and wanted is None):
                planned.changed.append("epic")
    known = {label.lower() for label in board.labels.values_list("name", flat=True)}
    new_labels = list(dict.fromkeys(n for p in items for n in p.labels if n.lower() not in known))
    return ImportPlan(items=items, warnings=notes, status_map=mapping, unknown_statuses=unknown, new_labels=new_labels)
