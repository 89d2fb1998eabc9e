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
    """A tuple, not a dataclass: a burndown reads thousands of them and tuples build fastest from database rows."""

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
    costs only the events that happened in it: thousands of events replay in a few milliseconds.
    """

    def __init__(self, items: Iterable[ItemNow], events: Sequence[Event], sprint_value: str) -> None:
        self.events = events
        self.position = 0
        self.sprint_value = sprint_value
        self.titles = {item.id: item.title for item in items}
        # Each state is [status, points, sprint] as event values. Before its first recorded change a field held
        # that change's old value; a field that never changed holds its current value.
        self.state = {
            item.id: [
                item.status,
                "" if item.points is None else str(item.points),
                sprint_value if item.in_sprint else "-",
            ]
            for item in items
        }
        seen: set[tuple[int, str]] = set()
        for event in events:
            key = (event.item_id, event.field)
            if key not in seen and event.item_id in self.state:
                seen.add(key)
                self.state[event.item_id][_SLOT[event.field]] = event.old_value
        self.scope = self.remaining = self.weight = self.count = 0
        for state in self.state.values():
            self._add(state, 1)

    def _add(self, state: list[str], sign: int) -> None:
        if state[2] != self.sprint_value:
            return
        points = _points(state[1])
        self.scope += sign * points
        self.count += sign
        self.weight += sign * STATUS_WEIGHTS.get(state[0], 0)
        if state[0] != _DONE:
            self.remaining += sign * points

    def advance(self, cutoff: datetime.datetime, on_event: Callable[[Event, list[str]], None] | None = None) -> None:
        events, position = self.events, self.position
        while position < len(events) and events[position].at < cutoff:
            event = events[position]
            position += 1
            state = self.state.get(event.item_id)
            if state is None:
                continue
            if on_event is not None:
                on_event(event, state)  # before the change is applied
            self._add(state, -1)
            state[_SLOT[event.field]] = event.new_value
            self._add(state, 1)
        self.position = position

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

    def record(event: Event, before: list[str]) -> None:
        if event.field == "status":
            return
        if event.field == "sprint":
            joined = event.new_value == sprint_value and before[2] != sprint_value
            left = event.old_value == sprint_value and event.new_value != sprint_value
            if joined or left:
                points = _points(before[1])
                changes.append(
                    Change(
                        date=day_of_change[0],
                        item_id=event.item_id,
                        title=replay.titles[event.item_id],
                        kind="added" if joined else "removed",
                        points=points if joined else -points,
                    )
                )
        elif event.field == "points" and before[2] == sprint_value:
            delta = _points(event.new_value) - _points(event.old_value)
            if delta:
                changes.append(
                    Change(
                        date=day_of_change[0],
                        item_id=event.item_id,
                        title=replay.titles[event.item_id],
                        kind="re-estimated",
                        points=delta,
                    )
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
