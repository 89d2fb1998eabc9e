"""The demo board's sprints, for the seed_demo command: three closed sprints (velocity and forecast), the active
sprint a few working days in (a burndown that descends), and the next sprint planned.

Every change goes through the services, so sprints, commitments and item history are recorded as in real use. The
services stamp their rows with the current time, and there is no other way in for a change made in the past, so
right after each call the seed moves the rows it just wrote (item events, the sprint's start and close) to the
moment the story says it happened, with `.update()`. That is acceptable here only because these rows were created a
moment ago, in this same transaction, by the seed itself; no page or API ever rewrites history.
"""

import datetime
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Max

from boards import services as board_services
from boards.demo import Demo, demo_tick
from boards.locks import lock_board
from boards.models import BacklogItem, Board, CriterionKind, ItemEvent, Status
from sprints import services
from sprints.models import Sprint

FLOW = [Status.TODO, Status.IN_PROGRESS, Status.TESTING, Status.PO_REVIEW, Status.DONE]
# The active sprint started this many working days before today (at most a week ago).
ACTIVE_DAYS_IN = 4


@dataclass(frozen=True)
class Work:
    """An item of a sprint: who works on it, where it stands at the end, and on which of the sprint's working days
    (0 = the first) it got there; each earlier column was reached one working day before."""

    title: str
    assignee: str | None = None
    status: str = Status.TODO
    day: int = 0
    added_on: int | None = None  # a working day after the start: scope added mid-sprint


@dataclass(frozen=True)
class Plan:
    name: str
    goal: str
    work: list[Work]
    unfinished: str = "backlog"  # where sprint_close sends what is not Done


CLOSED = [
    Plan(
        "Sign in",
        "A member signs in and sees the team's backlog in priority order.",
        [
            Work("Log in with email and password", "dana", Status.DONE, 3),
            Work("Reset a forgotten password", "devon", Status.DONE, 6),
            Work("Show the backlog in priority order", "dana", Status.DONE, 8),
            Work("Nightly database backup"),
        ],
    ),
    Plan(
        "Shape the backlog",
        "The Product Owner orders the backlog and imports items in bulk.",
        [
            Work("Drag items to reorder the backlog", "dana", Status.DONE, 7),
            Work("Bulk import of backlog items", "devon", Status.DONE, 8),
            Work("Rate-limit the public API", "devon", Status.DONE, 4),
            Work("Token authentication for the API", "dana", Status.IN_PROGRESS, 8),
        ],
        unfinished="next",
    ),
    Plan(
        "Estimate together",
        "The team estimates in a planning poker room and plans against its velocity.",
        [
            Work("Token authentication for the API", "dana", Status.DONE, 2),
            Work("Timezone of the board used for 'today'", "dana", Status.DONE, 3),
            Work("Sprint planning against velocity", "dana", Status.DONE, 8),
            Work("Planning poker room", "devon", Status.DONE, 8),
            Work("Move an item across board columns", "devon", Status.IN_PROGRESS, 9),
        ],
        unfinished="next",
    ),
]
ACTIVE = Plan(
    "Sprint at a glance",
    "Everyone sees where the sprint stands: the board, its burndown and the team's velocity.",
    [
        Work("Move an item across board columns", "devon", Status.DONE, 1),
        Work("WIP limit badge on board columns", "dana", Status.DONE, 2),
        Work("Board column counts are off by one", "dana", Status.DONE, 2, added_on=1),
        Work("Filter the backlog by kind and assignee", "dana", Status.DONE, 3),
        Work("Item detail page with acceptance criteria", "devon", Status.PO_REVIEW, 3),
        Work("Velocity chart over the last sprints", "devon", Status.TESTING, 3),
        Work("Burndown chart of the active sprint", "dana", Status.IN_PROGRESS, 1),
        Work("Upgrade to Django 6.1", "devon", Status.IN_PROGRESS, 0),
        Work("Long titles overflow the board card", "dana", Status.IN_PROGRESS, 3),
        Work("Audit log of role changes"),
        Work("Archive finished boards"),
    ],
)
NEXT = Plan(
    "Stand-ups",
    "The team holds its daily stand-up in the app and tracks blockers until they are resolved.",
    [Work("Daily stand-up with a 15-minute timebox"), Work("Track blockers until resolved")],
)


def moment(board: Board, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """`hour:minute` on `day` where the team works."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(board.time_zone))


def working_days(board: Board, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days = (start + datetime.timedelta(days=n) for n in range((end - start).days + 1))
    return [day for day in days if day.isoweekday() in board.working_days]


def active_start(board: Board, today: datetime.date) -> datetime.date:
    """The active sprint's first day: ACTIVE_DAYS_IN working days before today, but no more than six days back, so
    today falls inside even a one-week sprint."""
    day, found = today, 0
    while found < ACTIVE_DAYS_IN and (today - day).days < 6:
        day -= datetime.timedelta(days=1)
        found += day.isoweekday() in board.working_days
    return day


@contextmanager
def dated(board: Board, when: datetime.datetime) -> Iterator[None]:
    """Move the item events written inside the block to `when` (see the module docstring for why)."""
    last = ItemEvent.objects.filter(board=board).aggregate(last=Max("pk"))["last"] or 0
    yield
    ItemEvent.objects.filter(board=board, pk__gt=last).update(at=when)


class _History:
    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.board = demo.board
        self.po, self.sm = demo.members["paula"], demo.members["sam"]

    def items(self, plan: Plan, *, added: bool = False) -> list[BacklogItem]:
        """The plan's items still on the board (a demo item someone deleted is left out)."""
        chosen = [w.title for w in plan.work if (w.added_on is not None) == added and w.title in self.demo.items]
        return [self.demo.item(title) for title in chosen]

    def play(self, sprint: Sprint, plan: Plan, days: list[datetime.date]) -> None:
        """Move each item through the board's columns to where the plan leaves it, a column per working day."""
        if not days:
            return
        for index, work in enumerate(plan.work):
            item = self.demo.items.get(work.title)
            late = work.added_on is not None and work.added_on >= len(days)  # not added: the sprint is too young
            if item is None or late or work.status == item.status:
                continue
            steps = FLOW[FLOW.index(item.status) + 1 : FLOW.index(work.status) + 1]
            last = min(work.day, len(days) - 1)
            first = min(work.added_on or 0, last)
            offset = (index * 47) % 300  # items move at different times of the day, between 10:00 and 15:00
            for step, status in enumerate(steps):
                day = days[max(first, last - (len(steps) - 1 - step))]
                fields: dict[str, object] = {"status": status}
                if work.assignee and item.assignee_id is None:
                    fields["assignee"] = self.demo.people[work.assignee]
                with dated(self.board, moment(self.board, day, 10) + datetime.timedelta(minutes=offset + 15 * step)):
                    if status == Status.DONE:  # the team met its Definition of Done first
                        demo_tick(self.demo, item, CriterionKind.DONE)
                    board_services.item_update(actor=self.demo.people[work.assignee or "paula"], item=item, **fields)

    def add(self, sprint: Sprint, items: list[BacklogItem], when: datetime.datetime) -> None:
        if items:
            with dated(self.board, when):
                services.sprint_add_items(acting=self.po, sprint=sprint, item_ids=[item.pk for item in items])

    def start(self, sprint: Sprint, plan: Plan, days: list[datetime.date]) -> Sprint:
        self.add(sprint, self.items(plan), moment(self.board, sprint.start_date, 9))
        sprint = services.sprint_start(acting=self.sm, sprint=sprint)
        sprint.started_at = moment(self.board, sprint.start_date, 9, 30)
        Sprint.objects.filter(pk=sprint.pk).update(started_at=sprint.started_at)
        for work in plan.work:
            if work.added_on is not None and work.title in self.demo.items and work.added_on < len(days):
                self.add(sprint, [self.demo.item(work.title)], moment(self.board, days[work.added_on], 11))
        self.play(sprint, plan, days)
        return sprint

    def close(self, sprint: Sprint, plan: Plan, days: list[datetime.date]) -> None:
        closed_at = moment(self.board, days[-1] if days else sprint.end_date, 16, 30)
        with dated(self.board, closed_at):
            services.sprint_close(acting=self.sm, sprint=sprint, unfinished=plan.unfinished)
        Sprint.objects.filter(pk=sprint.pk).update(closed_at=closed_at)


def seed_sprints(demo: Demo) -> None:
    """Three closed sprints, the active one and the next planned one; nothing when the board has sprints already."""
    board = demo.board
    if Sprint.objects.filter(board=board).exists():
        return
    history = _History(demo)
    length = datetime.timedelta(days=7 * board.sprint_length_weeks)
    start = active_start(board, demo.today)
    plans = [*CLOSED, ACTIVE, NEXT]
    first = start - len(CLOSED) * length
    sprints = [
        services.sprint_create(
            acting=history.po,
            name=plan.name,
            goal=plan.goal,
            start_date=first + n * length,
            end_date=first + (n + 1) * length - datetime.timedelta(days=1),
        )
        for n, plan in enumerate(plans)
    ]
    # The backlog was written a week before the first sprint; an item already moved (a demo seeded before sprints
    # existed) starts over from To do.
    written = moment(board, first - datetime.timedelta(days=7), 14)
    with dated(board, written):
        for item in demo.items.values():
            if item.status != Status.TODO:
                board_services.item_update(actor=demo.people["paula"], item=item, status=Status.TODO)
    lock_board(board.pk)  # before the items' rows, as every writer takes them (boards.locks)
    ItemEvent.objects.filter(board=board, field=ItemEvent.Field.CREATED, at__gt=written).update(at=written)
    BacklogItem.objects.filter(board=board, created_at__gt=written).update(created_at=written)
    for sprint, plan in zip(sprints[: len(CLOSED)], CLOSED, strict=True):
        days = working_days(board, sprint.start_date, sprint.end_date)
        history.close(history.start(sprint, plan, days), plan, days)
    active = sprints[len(CLOSED)]
    worked = working_days(board, active.start_date, demo.today - datetime.timedelta(days=1))
    history.start(active, ACTIVE, worked)
    # Planned at the end of the last day worked: the Product Owner looks ahead.
    history.add(sprints[-1], history.items(NEXT), moment(board, worked[-1] if worked else active.start_date, 17))
    demo.created.append(
        f"Sprints 1 to {len(CLOSED)} closed, Sprint {active.number} active since {active.start_date.isoformat()}, "
        f"Sprint {sprints[-1].number} planned."
    )
