"""Every write to sprints. Pages, the API and the admin all come through here.

Planning (create, edit, add and remove items) is for the Product Owner and the Scrum Master; starting and closing
is the Scrum Master's. Every change of an item's sprint is recorded as an ItemEvent in the same transaction; the
event's values are sprint numbers ("" for the backlog), which are unique per board.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import ranking
from boards.events import publish_board
from boards.locks import lock_board, lock_items
from boards.models import BacklogItem, ItemEvent, Membership, Role, Status
from boards.selectors import require_role
from scrum_app.errors import Conflict, InvalidInput
from scrum_app.versions import check_version, next_version
from sprints.models import Sprint, SprintCommitment, SprintState

PLANNING_ROLES = (Role.PRODUCT_OWNER, Role.SCRUM_MASTER)
# The `action=` of require_role ends its sentence "Only the Scrum Master can …": an infinitive in a translation.
UNFINISHED_CHOICES = ("backlog", "next")
ITEMS_AT_ONCE = 500


def _lock_sprint(sprint: Sprint) -> Sprint:
    """Lock the sprint row, after the board's (boards.locks: sprint numbers, the one active sprint and backlog ranks
    are serialised by the board's lock)."""
    return Sprint.objects.select_for_update().select_related("board").get(pk=sprint.pk)


def _by_rank(items: list[BacklogItem]) -> list[BacklogItem]:
    return sorted(items, key=lambda item: item.rank)


def _validate_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    if start is not None and not isinstance(start, datetime.date):
        raise InvalidInput(_("Give the start date as YYYY-MM-DD."), field="start_date")
    if end is not None and not isinstance(end, datetime.date):
        raise InvalidInput(_("Give the end date as YYYY-MM-DD."), field="end_date")
    if start is not None and end is not None and end <= start:
        raise InvalidInput(_("A sprint ends after it starts."), field="end_date")
    if start is not None and end is not None and (end - start).days > 7 * 4:
        raise InvalidInput(_("A sprint lasts at most four weeks."), field="end_date")


def _validate_text(fields: dict[str, Any]) -> None:
    if "name" in fields and len(fields["name"] or "") > 100:
        raise InvalidInput(_("Keep the name to 100 characters."), field="name")
    if "goal" in fields and len(fields["goal"] or "") > 2000:
        raise InvalidInput(_("Keep the goal to 2000 characters."), field="goal")


def sprint_event(
    item: BacklogItem, old: Sprint | None, new: Sprint | None, actor: AbstractBaseUser | None
) -> ItemEvent:
    return ItemEvent(
        board_id=item.board_id,
        item=item,
        field=ItemEvent.Field.SPRINT,
        old_value=str(old.number) if old else "",
        new_value=str(new.number) if new else "",
        actor=actor,
        at=timezone.now(),
    )


@transaction.atomic
def sprint_create(
    *,
    acting: Membership,
    goal: str = "",
    name: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Sprint:
    """Plan the board's next sprint. Its number is the next free one on the board; without dates it starts the day
    after the last sprint ends (or today) and lasts the board's sprint length."""
    require_role(acting, *PLANNING_ROLES, action=_("plan sprints"))
    _validate_text({"name": name, "goal": goal})
    _validate_dates(start_date, end_date)
    board = lock_board(acting.board_id)
    last = Sprint.objects.filter(board=board).aggregate(number=Max("number"), end=Max("end_date"))
    if start_date is None:
        today = board.today()
        start_date = max(today, last["end"] + datetime.timedelta(days=1)) if last["end"] else today
    if end_date is None:
        end_date = start_date + datetime.timedelta(days=7 * board.sprint_length_weeks - 1)
    _validate_dates(start_date, end_date)
    return Sprint.objects.create(
        board=board,
        number=(last["number"] or 0) + 1,
        name=name.strip(),
        goal=goal.strip(),
        start_date=start_date,
        end_date=end_date,
    )


@transaction.atomic
def sprint_update(*, acting: Membership, sprint: Sprint, version: int | None = None, **fields: Any) -> Sprint:
    """Edit a sprint's name, goal or dates. A closed sprint is history and stays as it was. With `version` (the one
    the editor loaded) a stale edit raises StaleVersion."""
    require_role(acting, *PLANNING_ROLES, action=_("plan sprints"))
    allowed = {"name", "goal", "start_date", "end_date"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidInput(_("This field cannot be changed."), field=sorted(unknown)[0])
    _validate_text(fields)
    lock_board(sprint.board_id)
    sprint = _lock_sprint(sprint)
    check_version(sprint, version, what="sprint")
    if sprint.state == SprintState.CLOSED:
        raise Conflict(_("Sprint %(number)s is closed and can no longer change.") % {"number": sprint.number})
    if sprint.state == SprintState.ACTIVE and "start_date" in fields and fields["start_date"] != sprint.start_date:
        raise Conflict(
            _("Sprint %(number)s has started; its start date is fixed.") % {"number": sprint.number}, field="start_date"
        )
    if sprint.state == SprintState.ACTIVE and "goal" in fields and not (fields["goal"] or "").strip():
        raise InvalidInput(_("An active sprint keeps its goal."), field="goal")
    _validate_dates(fields.get("start_date", sprint.start_date), fields.get("end_date", sprint.end_date))
    for name, value in fields.items():
        setattr(sprint, name, value.strip() if isinstance(value, str) else value)
    sprint.version = next_version()  # the saved value comes back from the UPDATE
    sprint.save(update_fields=[*fields, "version"])
    return sprint


def _item_ids(items: Iterable[Any]) -> list[int]:
    ids = []
    for value in items:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(_("Items are given as a list of item ids."), field="items")
        ids.append(value)
    if not ids:
        raise InvalidInput(_("Give at least one item."), field="items")
    if len(ids) > ITEMS_AT_ONCE:
        raise InvalidInput(_("At most %(count)s items at once.") % {"count": ITEMS_AT_ONCE}, field="items")
    return list(dict.fromkeys(ids))


def _planning(acting: Membership, sprint: Sprint, item_ids: Sequence[int], *, closed: str) -> tuple[Sprint, list[int]]:
    """What adding and removing items check first, in this order: the role, the ids, then with the board and the
    sprint locked, that the sprint is still open (else Conflict `closed`, naming its number). The sprint, locked."""
    require_role(acting, *PLANNING_ROLES, action=_("plan sprints"))
    ids = _item_ids(item_ids)
    lock_board(sprint.board_id)
    sprint = _lock_sprint(sprint)
    if sprint.state == SprintState.CLOSED:
        raise Conflict(closed % {"number": sprint.number}, field="items")
    return sprint, ids


@transaction.atomic
def sprint_add_items(*, acting: Membership, sprint: Sprint, item_ids: Sequence[int]) -> list[BacklogItem]:
    """Put backlog items (or items of another open sprint) into this sprint; all or none.

    Items added after the start are scope change, which the burndown shows as its own step.
    """
    closed = _("Sprint %(number)s is closed; plan the items into an open sprint.")
    sprint, ids = _planning(acting, sprint, item_ids, closed=closed)
    items = _by_rank(lock_items(BacklogItem.objects.filter(pk__in=ids).select_related("sprint")))
    by_id = {item.pk: item for item in items}
    for item_id in ids:
        item = by_id.get(item_id)
        if item is None or item.board_id != sprint.board_id:
            raise InvalidInput(_("Item %(id)s is not on this board.") % {"id": item_id}, field="items")
        if item.sprint is not None and item.sprint.state == SprintState.CLOSED:
            raise Conflict(
                _("Item %(id)s was finished in closed Sprint %(number)s and stays there.")
                % {"id": item_id, "number": item.sprint.number},
                field="items",
            )
    moving = [item for item in items if item.sprint_id != sprint.pk]
    events = [sprint_event(item, item.sprint, sprint, acting.user) for item in moving]
    BacklogItem.objects.filter(pk__in=[item.pk for item in moving]).update(
        sprint=sprint, updated_by=acting.user, updated_at=timezone.now()
    )
    ItemEvent.objects.bulk_create(events)
    for item in moving:
        item.sprint = sprint
    if moving:
        publish_board(sprint.board_id, "sprint.changed", sprint=sprint.number)
    return items


@transaction.atomic
def sprint_remove_items(*, acting: Membership, sprint: Sprint, item_ids: Sequence[int]) -> list[BacklogItem]:
    """Send items of this sprint back to the backlog, keeping their backlog rank; all or none."""
    closed = _("Sprint %(number)s is closed and can no longer change.")
    sprint, ids = _planning(acting, sprint, item_ids, closed=closed)
    items = _by_rank(lock_items(BacklogItem.objects.filter(pk__in=ids)))
    by_id = {item.pk: item for item in items}
    for item_id in ids:
        item = by_id.get(item_id)
        if item is None or item.board_id != sprint.board_id:
            raise InvalidInput(_("Item %(id)s is not on this board.") % {"id": item_id}, field="items")
        if item.sprint_id != sprint.pk:
            raise InvalidInput(
                _("Item %(id)s is not in Sprint %(number)s.") % {"id": item_id, "number": sprint.number}, field="items"
            )
    BacklogItem.objects.filter(pk__in=ids).update(sprint=None, updated_by=acting.user, updated_at=timezone.now())
    ItemEvent.objects.bulk_create([sprint_event(item, sprint, None, acting.user) for item in items])
    for item in items:
        item.sprint = None
    publish_board(sprint.board_id, "sprint.changed", sprint=sprint.number)
    return items


def _require_state(sprint: Sprint, state: str, refusals: dict[str, str]) -> None:
    """A Conflict unless the sprint is in `state`, in the sentence `refusals` gives for the state it is in: one
    sentence per state, as a translation's adjective agrees with "sprint", which a placeholder could not."""
    if sprint.state != state:
        raise Conflict(refusals[sprint.state] % {"number": sprint.number})


@transaction.atomic
def sprint_start(*, acting: Membership, sprint: Sprint) -> Sprint:
    """Start a planned sprint: it needs a goal and at least one item, and no other sprint of the board may be active.

    The committed scope (each item with its points, and their sum) is recorded now, for the burndown and velocity.
    """
    require_role(acting, Role.SCRUM_MASTER, action=_("start a sprint"))
    lock_board(acting.board_id)
    sprint = _lock_sprint(sprint)
    _require_state(
        sprint,
        SprintState.PLANNED,
        {
            SprintState.ACTIVE: _("Sprint %(number)s is active; only a planned one starts."),
            SprintState.CLOSED: _("Sprint %(number)s is closed; only a planned one starts."),
        },
    )
    active = Sprint.objects.filter(board_id=sprint.board_id, state=SprintState.ACTIVE).first()
    if active is not None:
        raise Conflict(
            _("Sprint %(number)s is already active on this board; close it before starting another.")
            % {"number": active.number}
        )
    if not sprint.goal.strip():
        raise InvalidInput(_("Give the sprint a goal before starting it."), field="goal")
    items = list(BacklogItem.objects.filter(sprint=sprint).values_list("pk", "points"))
    if not items:
        raise InvalidInput(_("Plan at least one item into the sprint before starting it."), field="items")
    sprint.state = SprintState.ACTIVE
    sprint.started_at = timezone.now()
    sprint.started_by = acting.user
    sprint.committed_points = sum(points or 0 for _, points in items)
    _move_an_early_start_to_today(sprint)
    try:
        with transaction.atomic():
            sprint.version = next_version()
            sprint.save(
                update_fields=[
                    "state",
                    "started_at",
                    "started_by",
                    "committed_points",
                    "start_date",
                    "end_date",
                    "version",
                ]
            )
    except IntegrityError:
        # Only reachable if the board lock was bypassed; the constraint still keeps one sprint active.
        raise Conflict(_("Another sprint is already active on this board; close it before starting another.")) from None
    SprintCommitment.objects.bulk_create(
        [SprintCommitment(sprint=sprint, item_id=pk, points=points) for pk, points in items]
    )
    publish_board(sprint.board_id, "sprint.changed", sprint=sprint.number)
    return sprint


def _move_an_early_start_to_today(sprint: Sprint) -> None:
    """A sprint started before its planned first day starts today and keeps its length: left on the planned dates,
    its burndown would stay empty and the stand-up would refuse today as "not a working day" of the sprint."""
    today = sprint.board.today()
    if today < sprint.start_date:
        sprint.end_date = today + (sprint.end_date - sprint.start_date)
        sprint.start_date = today


@transaction.atomic
def sprint_close(*, acting: Membership, sprint: Sprint, unfinished: str = "backlog") -> Sprint:
    """Close the active sprint: record the points Done, and send every unfinished item to the top of the backlog
    (in its current order) or into the next planned sprint."""
    require_role(acting, Role.SCRUM_MASTER, action=_("close a sprint"))
    if unfinished not in UNFINISHED_CHOICES:
        raise InvalidInput(_('Unfinished items go to "backlog" or "next".'), field="unfinished")
    board = lock_board(acting.board_id)
    sprint = _lock_sprint(sprint)
    _require_state(
        sprint,
        SprintState.ACTIVE,
        {
            SprintState.PLANNED: _("Sprint %(number)s is planned; only an active one closes."),
            SprintState.CLOSED: _("Sprint %(number)s is closed; only an active one closes."),
        },
    )
    target = None
    if unfinished == "next":
        target = (
            Sprint.objects.filter(board=board, state=SprintState.PLANNED, number__gt=sprint.number)
            .order_by("number")
            .first()
        )
        if target is None:
            raise Conflict(_("There is no planned sprint after this one; plan one first."), field="unfinished")
    items = _by_rank(lock_items(BacklogItem.objects.filter(sprint=sprint)))
    done = [item for item in items if item.status == Status.DONE]
    left = [item for item in items if item.status != Status.DONE]
    now = timezone.now()
    sprint.state = SprintState.CLOSED
    sprint.closed_at = now
    sprint.closed_by = acting.user
    sprint.completed_points = sum(item.points or 0 for item in done)
    sprint.version = next_version()
    sprint.save(update_fields=["state", "closed_at", "closed_by", "completed_points", "version"])
    if left:
        if target is None:
            first = ranking.rank_before_first(board)
            for offset, item in enumerate(reversed(left)):
                item.rank = first - offset * ranking.STEP
        for item in left:
            item.sprint = target
            item.updated_by = acting.user
            item.updated_at = now
        BacklogItem.objects.bulk_update(left, ["sprint", "rank", "updated_by", "updated_at"], batch_size=500)
        ItemEvent.objects.bulk_create([sprint_event(item, sprint, target, acting.user) for item in left])
    publish_board(sprint.board_id, "sprint.changed", sprint=sprint.number)
    return sprint
