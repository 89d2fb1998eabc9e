"""The burndown of one sprint, computed from the current items and their recorded history.

`compute` is a pure function: it replays the events of the items that were ever in the sprint to find, at the end
of each day, which items were in the sprint, their points and their status. Every number the chart and the API show
comes from here.

Definitions (the worked example in tests/test_burndown.py follows them step by step):
- A day's values are the state at the end of that day in the board's time zone, but never before the start (days
  before the sprint started show the committed scope) and never after the close (closing sends unfinished items
  away, which is not progress).
- remaining = points of the sprint's items not Done, with the points as (re-)estimated at that moment.
- scope = points of all the sprint's items; scope_change = today's scope minus the previous day's (the first day
  compares with the committed points). Items added or removed after the start and re-estimates show up there, as
  their own step, and each one is listed in `changes`.
- ideal = committed × (W − k) / W, W the sprint's working days and k those up to and including the day: the line
  reaches zero at the end of the last working day.
- weighted_progress = sum of status weights (To do 0 … Done 4) over the sprint's items ÷ (4 × items).
- Non-working days repeat the previous day (flat); whatever happens on them counts on the next working day.
- Days after today carry only the ideal line.
"""

import bisect
import datetime
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from boards.models import STATUS_WEIGHTS, Status

MAX_WEIGHT = max(STATUS_WEIGHTS.values())
FIELDS = ("status", "points", "sprint")


@dataclass(frozen=True)
class ItemNow:
    """An item as it is now; `in_sprint` says whether it is in the sprint being charted."""

    id: int
    title: str
    points: int | None
    status: str
    in_sprint: bool


class Event(NamedTuple):
    """The shape of an event; plain tuples in this order do as well (database rows are passed as they come)."""

    item_id: int
    field: str  # status, points or sprint
    old_value: str
    new_value: str
    at: datetime.datetime


@dataclass(frozen=True)
class Day:
    date: datetime.date
    working: bool
    ideal: float
    remaining: int | None = None
    weighted_progress: float | None = None
    scope_change: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "remaining": self.remaining,
            "ideal": self.ideal,
            "weighted_progress": self.weighted_progress,
            "scope_change": self.scope_change,
        }


@dataclass(frozen=True)
class Change:
    """One change of scope after the start: an item added (+), removed (−) or re-estimated."""

    date: datetime.date
    item_id: int
    title: str
    kind: str  # added, removed, re-estimated
    points: int  # signed change of the sprint's scope

    @property
    def size(self) -> int:
        """The change's points without their sign: what a plural form counts."""
        return abs(self.points)

    @property
    def signed(self) -> str:
        """The points with their sign, as the page prints them: "+2", "-3"."""
        return f"+{self.points}" if self.points > 0 else str(self.points)


@dataclass
class Burndown:
    committed: int
    days: list[Day]
    changes: list[Change] = field(default_factory=list)
    today: datetime.date | None = None

    @property
    def drawn(self) -> list[Day]:
        return [day for day in self.days if day.remaining is not None]

    def as_dict(self) -> dict[str, object]:
        return {"committed": self.committed, "days": [day.as_dict() for day in self.days]}


_POINTS = {"": 0, **{str(p): p for p in range(101)}}
_DONE = Status.DONE.value


def _points(value: str) -> int:
    return _POINTS.get(value) or (int(value) if value else 0)


class _Replay:
    """Item states moving forward through the events, one cutoff at a time.

    The sprint's totals (scope, remaining, status weight, item count) are kept up to date event by event, so a day
    costs only the events that happened in it. The loop is written flat, with locals, because it runs once per event:
    thousands per request.
    """

    def __init__(self, items: Sequence[ItemNow], events: Sequence[Event], sprint_value: str) -> None:
        self.events = events
        self.times = [event[4] for event in events]
        self.position = 0
        self.sprint_value = sprint_value
        self.titles = {item.id: item.title for item in items}
        # Each state is [status, points, in the sprint?]. Before its first recorded change a field held that
        # change's old value; a field that never changed holds its current value.
        current: dict[int, list[str]] = {
            item.id: [
                item.status,
                "" if item.points is None else str(item.points),
                sprint_value if item.in_sprint else "",
            ]
            for item in items
        }
        seen: set[tuple[int, str]] = set()
        for item_id, field_name, old, _new, _at in events:
            key = (item_id, field_name)
            if key not in seen and item_id in current:
                seen.add(key)
                current[item_id][_SLOT[field_name]] = old
        self.state: dict[int, list] = {
            item_id: [status, _points(points), sprint == sprint_value]
            for item_id, (status, points, sprint) in current.items()
        }
        self.scope = self.remaining = self.weight = self.count = 0
        for status, points, member in self.state.values():
            if member:
                self.scope += points
                self.count += 1
                self.weight += STATUS_WEIGHTS.get(status, 0)
                self.remaining += points if status != _DONE else 0

    def advance(self, cutoff: datetime.datetime, on_change: Callable[[int, str, int], None] | None = None) -> None:
        """Apply the events before `cutoff`; `on_change(item_id, kind, points)` hears of each change of scope."""
        end = bisect.bisect_left(self.times, cutoff, lo=self.position)
        weights, sprint_value, state_of = STATUS_WEIGHTS, self.sprint_value, self.state
        scope, remaining, weight, count = self.scope, self.remaining, self.weight, self.count
        for item_id, field_name, _old, new, _at in self.events[self.position : end]:
            state = state_of.get(item_id)
            if state is None:
                continue
            status, points, member = state
            if field_name == "status":
                if member:
                    weight += weights.get(new, 0) - weights.get(status, 0)
                    if status == _DONE and new != _DONE:
                        remaining += points
                    elif status != _DONE and new == _DONE:
                        remaining -= points
                state[0] = new
            elif field_name == "points":
                value = _points(new)
                if member and value != points:
                    scope += value - points
                    if status != _DONE:
                        remaining += value - points
                    if on_change is not None:
                        on_change(item_id, "re-estimated", value - points)
                state[1] = value
            elif field_name == "sprint":
                joins = new == sprint_value
                if joins != member:
                    sign = 1 if joins else -1
                    scope += sign * points
                    count += sign
                    weight += sign * weights.get(status, 0)
                    if status != _DONE:
                        remaining += sign * points
                    if on_change is not None:
                        on_change(item_id, "added" if joins else "removed", sign * points)
                state[2] = joins
        self.scope, self.remaining, self.weight, self.count = scope, remaining, weight, count
        self.position = end

    def totals(self) -> tuple[int, int, int, int]:
        """(scope points, remaining points, summed status weight, item count) of the sprint now."""
        return self.scope, self.remaining, self.weight, self.count


_SLOT = {"status": 0, "points": 1, "sprint": 2}


def _end_of(day: datetime.date, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)


def compute(
    *,
    start_date: datetime.date,
    end_date: datetime.date,
    working_days: Sequence[int],
    time_zone: str,
    committed: int,
    started_at: datetime.datetime | None,
    closed_at: datetime.datetime | None,
    now: datetime.datetime,
    sprint_value: str,
    items: Iterable[ItemNow],
    events: Sequence[Event],
) -> Burndown:
    """The burndown series; see the module docstring for the rules. `events` are in the order they happened."""
    tz = zoneinfo.ZoneInfo(time_zone)
    today = now.astimezone(tz).date()
    working = set(working_days)
    dates = [start_date + datetime.timedelta(days=n) for n in range((end_date - start_date).days + 1)]
    total_working = sum(1 for d in dates if d.isoweekday() in working)

    def ideal(worked: int) -> float:
        if total_working == 0:
            return float(committed)
        return round(committed * (total_working - worked) / total_working, 2)

    if started_at is None:
        # Not started: nothing to draw yet but the plan.
        worked, days = 0, []
        for d in dates:
            worked += d.isoweekday() in working
            days.append(Day(date=d, working=d.isoweekday() in working, ideal=ideal(worked)))
        return Burndown(committed=committed, days=days, today=today)

    replay = _Replay(list(items), events, sprint_value)
    replay.advance(started_at)
    previous_scope = committed
    changes: list[Change] = []
    day_of_change: list[datetime.date] = []

    def record(item_id: int, kind: str, points: int) -> None:
        changes.append(
            Change(date=day_of_change[0], item_id=item_id, title=replay.titles[item_id], kind=kind, points=points)
        )

    worked = 0
    days: list[Day] = []
    last: Day | None = None
    for d in dates:
        is_working = d.isoweekday() in working
        worked += is_working
        if d > today:
            days.append(Day(date=d, working=is_working, ideal=ideal(worked)))
            continue
        if not is_working and last is not None:
            last = Day(
                date=d,
                working=False,
                ideal=ideal(worked),
                remaining=last.remaining,
                weighted_progress=last.weighted_progress,
                scope_change=0,
            )
            days.append(last)
            continue
        cutoff = max(_end_of(d, tz), started_at)
        if closed_at is not None:
            cutoff = min(cutoff, closed_at)
        day_of_change[:] = [d]
        replay.advance(cutoff, record)
        scope, remaining, weight, count = replay.totals()
        last = Day(
            date=d,
            working=is_working,
            ideal=ideal(worked),
            remaining=remaining,
            weighted_progress=round(weight / (MAX_WEIGHT * count), 3) if count else 0.0,
            scope_change=scope - previous_scope,
        )
        previous_scope = scope
        days.append(last)
    return Burndown(committed=committed, days=days, changes=changes, today=today)
