"""Reads for sprints and reports. Callers reach a board through boards.selectors.membership_for first, so every
function here takes a board the caller may see."""

import datetime
import hashlib
import zoneinfo
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import FETCH_RAISE, Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boards.models import NOT_SPLIT, SPLIT_ABOVE_POINTS, BacklogItem, Board, ItemEvent, Status
from scrum_app.ids import row_or_404
from sprints import burndown as bd
from sprints.models import Sprint, SprintState

VELOCITY_SPRINTS = 10
FORECAST_SPRINTS = 3


def sprints_of(*, board: Board) -> QuerySet[Sprint]:
    """The board's sprints, newest first, with their current item count and points (one query)."""
    return (
        Sprint.objects.filter(board=board)
        .annotate(item_count=Count("items"), points=Coalesce(Sum("items__points"), 0))
        .order_by("-number")
    )


def sprint_for(*, board: Board, number: int | str) -> Sprint:
    sprint = row_or_404(Sprint.objects.filter(board=board), number, missing=_("No such sprint."), field="number")
    sprint.board = board  # already loaded by the access check
    return sprint


def sprint_items(*, sprint: Sprint) -> QuerySet[BacklogItem]:
    return BacklogItem.objects.filter(sprint=sprint).select_related("assignee").order_by("rank")


def active_sprint(*, board: Board) -> Sprint | None:
    return Sprint.objects.filter(board=board, state=SprintState.ACTIVE).first()


def next_planned_sprint(*, sprint: Sprint) -> Sprint | None:
    return (
        Sprint.objects.filter(board_id=sprint.board_id, state=SprintState.PLANNED, number__gt=sprint.number)
        .order_by("number")
        .first()
    )


# --- burndown ---------------------------------------------------------------------------------------------------


BURNDOWN_CACHE_SECONDS = 3600


def sprint_burndown(*, sprint: Sprint, now: datetime.datetime | None = None) -> bd.Burndown:
    """The sprint's burndown: one query when nothing changed since it was last computed (the whole team's charts
    refresh after every move), otherwise three, however many items and events.

    It is cached under the board's `items_version`, the one version of the board's items that the items endpoint's
    pages are cached under too: every change of an item (its fields, its sprint, its creation or deletion, each with
    its recorded events) raises it in the same transaction. It is read here, not taken from the caller's board, which
    may have been loaded before a write of the same request; read before the items, a chart is never kept under a
    version older than the data it was computed from."""
    board = sprint.board
    now = now or timezone.now()
    items_version = Board.objects.filter(pk=board.pk).values_list("items_version", flat=True).get()
    parts = "|".join(
        str(part)
        for part in (
            board.pk,
            board.created_at.isoformat(),  # a board id used again (a restored database) is another board
            items_version,
            board.time_zone,
            board.working_days,
            now.astimezone(zoneinfo.ZoneInfo(board.time_zone)).date(),
            sprint.pk,
            sprint.state,
            sprint.start_date,
            sprint.end_date,
            sprint.started_at,
            sprint.closed_at,
            sprint.committed_points,
        )
    )
    key = "burndown:v2:" + hashlib.sha256(parts.encode()).hexdigest()
    chart = cache.get(key)
    if chart is None:
        chart = _compute_burndown(sprint=sprint, now=now)
        cache.set(key, chart, BURNDOWN_CACHE_SECONDS)
    return chart


def _compute_burndown(*, sprint: Sprint, now: datetime.datetime) -> bd.Burndown:
    board = sprint.board
    number = str(sprint.number)
    ever_in = ItemEvent.objects.filter(board=board, field=ItemEvent.Field.SPRINT).filter(
        Q(old_value=number) | Q(new_value=number)
    )
    relevant = Q(sprint=sprint) | Q(pk__in=ever_in.values("item_id"))
    rows = BacklogItem.objects.filter(relevant, board=board).values_list("pk", "title", "points", "status", "sprint_id")
    items = [
        bd.ItemNow(id=pk, title=title, points=points, status=status, in_sprint=sprint_id == sprint.pk)
        for pk, title, points, status, sprint_id in rows
    ]
    if sprint.started_at is None:
        committed = sum(item.points or 0 for item in items if item.in_sprint)
        events: list[tuple] = []
    else:
        committed = sprint.committed_points or 0
        rows = (
            # What happened before the start is summed up by each field's first old value after it.
            ItemEvent.objects.filter(
                board=board, item_id__in=[item.id for item in items], field__in=bd.FIELDS, at__gte=sprint.started_at
            )
            .order_by("at", "pk")
            .values_list("item_id", "field", "old_value", "new_value", "at")
        )
        events = list(rows)  # plain (item_id, field, old_value, new_value, at) tuples: bd.Event's shape
    return bd.compute(
        start_date=sprint.start_date,
        end_date=sprint.end_date,
        working_days=board.working_days,
        time_zone=board.time_zone,
        committed=committed,
        started_at=sprint.started_at,
        closed_at=sprint.closed_at,
        now=now,
        sprint_value=number,
        items=items,
        events=events,
    )


# --- velocity, forecast, backlog health -------------------------------------------------------------------------


@dataclass(frozen=True)
class VelocityBar:
    number: int
    committed: int
    completed: int


@dataclass
class Velocity:
    sprints: list[VelocityBar]
    average: float | None  # of the last three closed sprints' completed points; None before the first

    @property
    def forecast(self) -> float | None:
        return self.average

    def as_dict(self) -> dict[str, object]:
        return {
            "sprints": [{"number": s.number, "committed": s.committed, "completed": s.completed} for s in self.sprints],
            "average": self.average,
        }


def velocity(*, board: Board) -> Velocity:
    """Committed vs completed of the last ten closed sprints, oldest first, and the average completed over the last
    three (or fewer, while fewer have closed). One query."""
    rows = list(
        Sprint.objects.filter(board=board, state=SprintState.CLOSED)
        .order_by("-number")
        .values_list("number", "committed_points", "completed_points")[:VELOCITY_SPRINTS]
    )
    bars = [VelocityBar(number=n, committed=c or 0, completed=d or 0) for n, c, d in reversed(rows)]
    recent = [bar.completed for bar in bars[-FORECAST_SPRINTS:]]
    average = round(sum(recent) / len(recent), 1) if recent else None
    return Velocity(sprints=bars, average=average)


@dataclass(frozen=True)
class BacklogHealth:
    ready_points: int
    ready_items: int
    average: float | None
    target: float | None  # two sprints of velocity

    @property
    def healthy(self) -> bool | None:
        return None if self.target is None else self.ready_points >= self.target

    @property
    def sprints_of_work(self) -> float | None:
        if not self.average:
            return None
        return round(self.ready_points / self.average, 1)


def backlog_health(*, board: Board) -> BacklogHealth:
    """Ready and estimated work waiting in the backlog against two sprints of velocity (two queries)."""
    totals = (
        BacklogItem.objects.filter(NOT_SPLIT, board=board, sprint__isnull=True, ready=True, points__isnull=False)
        .exclude(status=Status.DONE)
        .aggregate(points=Coalesce(Sum("points"), 0), items=Count("pk"))
    )
    average = velocity(board=board).average
    return BacklogHealth(
        ready_points=totals["points"],
        ready_items=totals["items"],
        average=average,
        target=None if average is None else round(2 * average, 1),
    )


# --- planning ---------------------------------------------------------------------------------------------------


@dataclass
class Planning:
    sprint: Sprint
    backlog: list[BacklogItem]
    items: list[BacklogItem]
    forecast: float | None
    committed: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def over_forecast(self) -> bool:
        return self.forecast is not None and self.committed > self.forecast


def item_warnings(item: BacklogItem) -> list[str]:
    """What the team should look at before committing to the item; never a refusal."""
    found = []
    if item.points is None:
        found.append(_("unestimated"))
    elif item.points > SPLIT_ABOVE_POINTS:
        found.append(_("split me"))
    if not item.ready:
        found.append(_("not ready"))
    return found


PLANNING_FIELDS = ("title", "points", "ready", "rank")


def planning(*, sprint: Sprint) -> Planning:
    """The planning page's two sides and totals, in three queries. The backlog side lists items in no sprint, not
    Done: ready and estimated ones first, each group in priority order. Items carry only what the page shows (their
    title, points and readiness): a row that reads more fails loudly (FETCH_RAISE) instead of querying per item."""
    backlog = list(
        BacklogItem.objects.filter(NOT_SPLIT, board_id=sprint.board_id, sprint__isnull=True)
        .exclude(status=Status.DONE)
        .only(*PLANNING_FIELDS)
        .order_by("rank")
        .fetch_mode(FETCH_RAISE)
    )
    backlog.sort(key=lambda item: not (item.ready and item.points is not None))
    items = list(sprint_items(sprint=sprint).select_related(None).only(*PLANNING_FIELDS).fetch_mode(FETCH_RAISE))
    result = Planning(
        sprint=sprint,
        backlog=backlog,
        items=items,
        forecast=velocity(board=sprint.board).forecast,
        committed=sum(item.points or 0 for item in items),
    )
    for item in items:
        item.warnings = item_warnings(item)
    for item in backlog:
        item.warnings = item_warnings(item)
    unestimated = sum(1 for item in items if item.points is None)
    not_ready = sum(1 for item in items if not item.ready)
    too_big = sum(1 for item in items if item.needs_split)
    if unestimated:
        result.warnings.append(
            ngettext("%(count)s item not estimated.", "%(count)s items not estimated.", unestimated)
            % {"count": unestimated}
        )
    if not_ready:
        result.warnings.append(
            ngettext("%(count)s item not ready.", "%(count)s items not ready.", not_ready) % {"count": not_ready}
        )
    if too_big:
        result.warnings.append(
            ngettext(
                "%(count)s item over %(points)s points: split me.",
                "%(count)s items over %(points)s points: split me.",
                too_big,
            )
            % {"count": too_big, "points": SPLIT_ABOVE_POINTS}
        )
    if result.over_forecast:
        result.warnings.append(
            ngettext(
                "Committed %(committed)s point, over the forecast of %(forecast)s.",
                "Committed %(committed)s points, over the forecast of %(forecast)s.",
                result.committed,
            )
            % {"committed": result.committed, "forecast": number_format(f"{result.forecast:g}")}
        )
    return result


# --- item history -----------------------------------------------------------------------------------------------


def item_history(*, item: BacklogItem) -> QuerySet[ItemEvent]:
    """The item's recorded changes, oldest first, with who made them."""
    return ItemEvent.objects.filter(item=item).select_related("actor").order_by("at", "pk")
