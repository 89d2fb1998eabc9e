import datetime as dt
import itertools
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.management import call_command

from boards.demo import seed_board
from boards.models import BacklogItem, Board, ItemEvent, Membership, Role, Status
from retros import services as retro_services
from retros.models import Action, ActionState, Card, Phase, Retro, Template, Vote
from sprints import selectors as sprint_selectors
from sprints import services as sprint_services
from sprints.models import Sprint, SprintCommitment, SprintState
from standups.models import Blocker, Standup, StandupEntry

# A Friday afternoon, a Monday before work, a Saturday and a Sunday: the demo must hold together on any date.
WEDNESDAY = dt.datetime(2026, 3, 11, 14, tzinfo=dt.UTC)
DATES = [
    WEDNESDAY,
    dt.datetime(2026, 3, 13, 15, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 16, 6, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 14, 12, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 15, 23, 30, tzinfo=dt.UTC),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def seed_on(moment: dt.datetime) -> str:
    with time_machine.travel(moment, tick=False):
        return seed()


def burndown_on(moment: dt.datetime):
    board = Board.objects.get(slug="demo")
    sprint = sprint_selectors.active_sprint(board=board)
    sprint.board = board
    return sprint, sprint_selectors.sprint_burndown(sprint=sprint, now=moment)


def everything() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Board,
            Membership,
            BacklogItem,
            ItemEvent,
            Sprint,
            SprintCommitment,
            Standup,
            StandupEntry,
            Blocker,
            Retro,
            Card,
            Vote,
            Action,
        )
    )


def test_it_creates_a_demo_team_with_working_logins(db):
    output = seed()
    board = Board.objects.get(slug="demo")
    roles = dict(Membership.objects.filter(board=board).values_list("user__username", "role"))
    assert roles == {
        "paula": Role.PRODUCT_OWNER,
        "sam": Role.SCRUM_MASTER,
        "dana": Role.DEVELOPER,
        "devon": Role.DEVELOPER,
    }
    assert "demo-pass-2026" in output
    assert authenticate(username="paula", password="demo-pass-2026") is not None
    statuses = set(BacklogItem.objects.filter(board=board).values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert 35 <= BacklogItem.objects.filter(board=board).count() <= 45


def test_running_it_twice_duplicates_nothing(db):
    seed()
    counts = (Board.objects.count(), Membership.objects.count(), BacklogItem.objects.count())
    seed()
    assert (Board.objects.count(), Membership.objects.count(), BacklogItem.objects.count()) == counts


def test_the_demo_board_has_a_column_over_its_wip_limit(db):
    seed()
    seed()
    board = Board.objects.get(slug="demo")
    limits = dict(board.wip_limits.values_list("status", "limit"))
    assert limits == {"in_progress": 2, "testing": 3, "po_review": 2}
    in_progress = BacklogItem.objects.filter(board=board, status=Status.IN_PROGRESS).count()
    assert in_progress > limits["in_progress"]


@pytest.mark.parametrize("moment", DATES, ids=lambda m: m.strftime("%a-%H%M"))
def test_it_has_an_active_sprint_whose_burndown_descends(db, moment):
    seed_on(moment)
    sprint, chart = burndown_on(moment)
    assert sprint.goal
    assert sprint.start_date < moment.date() <= sprint.end_date
    drawn = chart.drawn
    assert len(drawn) >= 4
    assert drawn[0].remaining <= sprint.committed_points
    assert drawn[-1].remaining < drawn[0].remaining
    for before, after in itertools.pairwise(drawn):
        # Points come back only as scope added that day; otherwise the line only goes down or stays.
        assert after.remaining - before.remaining <= max(after.scope_change, 0)
    statuses = set(BacklogItem.objects.filter(sprint=sprint).values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert [change.kind for change in chart.changes] == ["added"]


def test_its_history_happened_before_now(db):
    seed_on(WEDNESDAY)
    assert not ItemEvent.objects.filter(at__gt=WEDNESDAY).exists()
    assert not Sprint.objects.filter(started_at__gt=WEDNESDAY).exists()
    assert not BacklogItem.objects.filter(created_at__gt=WEDNESDAY).exists()
    started = list(Sprint.objects.exclude(started_at=None))
    assert all(sprint.started_at.date() == sprint.start_date for sprint in started)
    windows = [(sprint.started_at, sprint.closed_at or WEDNESDAY) for sprint in started]
    # Items move across the board only while a sprint runs (the demo's items reset to To do predate them all).
    moves = ItemEvent.objects.filter(field=ItemEvent.Field.STATUS).exclude(new_value=Status.TODO)
    assert moves.count() > 20
    for at in moves.values_list("at", flat=True):
        assert any(start < at <= end for start, end in windows)


def test_its_velocity_shows_three_closed_sprints_that_did_not_finish_everything(db):
    seed_on(WEDNESDAY)
    velocity = sprint_selectors.velocity(board=Board.objects.get(slug="demo"))
    assert len(velocity.sprints) == 3
    assert all(0 < bar.completed < bar.committed for bar in velocity.sprints)
    assert velocity.average == 20.0
    closed = Sprint.objects.filter(state=SprintState.CLOSED)
    assert all(sprint.closed_at.date() <= sprint.end_date for sprint in closed)


def test_it_plans_the_next_sprint_with_a_couple_of_items(db):
    seed_on(WEDNESDAY)
    planned = Sprint.objects.get(state=SprintState.PLANNED)
    active = Sprint.objects.get(state=SprintState.ACTIVE)
    assert planned.number == active.number + 1
    assert planned.start_date > active.end_date
    assert planned.items.count() == 2


def test_it_fills_yesterdays_stand_up_and_half_of_todays_with_an_open_blocker_on_an_item(db):
    seed_on(WEDNESDAY)
    spoke = {
        day: sorted(StandupEntry.objects.filter(standup__date=day).values_list("member__username", flat=True))
        for day in Standup.objects.values_list("date", flat=True)
    }
    assert spoke == {
        dt.date(2026, 3, 10): ["dana", "devon", "paula", "sam"],
        dt.date(2026, 3, 11): ["dana", "devon"],
    }
    blocker = Blocker.objects.get(resolved_at=None)
    assert blocker.item is not None and blocker.item.board.slug == "demo"
    assert f"#{blocker.item_id}" in blocker.text
    assert blocker.item.status == Status.IN_PROGRESS
    resolved = Blocker.objects.get(resolved_at__isnull=False)
    assert resolved.resolved_by.username == "paula"
    assert resolved.raised_at < resolved.resolved_at < WEDNESDAY


@pytest.mark.parametrize(
    ("moment", "days"),
    [
        (dt.datetime(2026, 3, 14, 12, tzinfo=dt.UTC), [dt.date(2026, 3, 12), dt.date(2026, 3, 13)]),  # Saturday
        (dt.datetime(2026, 3, 16, 6, tzinfo=dt.UTC), [dt.date(2026, 3, 13), dt.date(2026, 3, 16)]),  # Monday
    ],
    ids=["saturday-the-last-working-day-plays-today", "monday-after-friday"],
)
def test_it_writes_the_last_two_working_days_up_to_today(db, moment, days):
    seed_on(moment)
    assert sorted(Standup.objects.values_list("date", flat=True)) == days
    assert StandupEntry.objects.filter(standup__date=days[-1]).count() == 2
    assert not StandupEntry.objects.filter(created_at__gt=moment).exists()


def test_the_second_run_creates_nothing(db):
    seed_on(WEDNESDAY)
    before = everything()
    output = seed_on(WEDNESDAY + dt.timedelta(days=1))
    assert everything() == before
    assert "Sprints" not in output and "Stand-ups" not in output and "Retros" not in output


def test_a_demo_seeded_before_sprints_existed_gets_its_history(db):
    """A demo board from an earlier version: items already in their columns, no sprint, no stand-up."""
    with time_machine.travel(WEDNESDAY - dt.timedelta(days=60), tick=False):
        seed_board_only()
        BacklogItem.objects.filter(title="Log in with email and password").update(status=Status.DONE)
    seed_on(WEDNESDAY)
    _, chart = burndown_on(WEDNESDAY)
    assert chart.drawn[-1].remaining < chart.drawn[0].remaining
    assert Sprint.objects.filter(state=SprintState.CLOSED).count() == 3
    assert Blocker.objects.filter(resolved_at=None).count() == 1


def seed_board_only() -> None:
    seed_board()


def test_it_dates_everything_in_the_boards_time_zone(db):
    """A demo board set to Auckland: 20:00 UTC on Tuesday is 09:00 on Wednesday there."""
    evening_utc = dt.datetime(2026, 3, 10, 20, tzinfo=dt.UTC)
    with time_machine.travel(evening_utc - dt.timedelta(days=60), tick=False):
        seed_board_only()
        Board.objects.filter(slug="demo").update(time_zone="Pacific/Auckland")
    seed_on(evening_utc)
    assert sorted(Standup.objects.values_list("date", flat=True)) == [dt.date(2026, 3, 10), dt.date(2026, 3, 11)]
    assert not ItemEvent.objects.filter(at__gt=evening_utc).exists()
    _, chart = burndown_on(evening_utc)
    assert chart.today == dt.date(2026, 3, 11)
    assert chart.drawn[-1].remaining < chart.drawn[0].remaining


def test_a_demo_board_running_its_own_sprint_keeps_it_and_gets_no_demo_stand_ups(db):
    with time_machine.travel(WEDNESDAY - dt.timedelta(days=2), tick=False):
        seed_board_only()
        board = Board.objects.get(slug="demo")
        po, sm = (Membership.objects.get(board=board, user__username=name) for name in ("paula", "sam"))
        own = sprint_services.sprint_create(acting=po, name="Our own", goal="Ship it")
        sprint_services.sprint_add_items(acting=po, sprint=own, item_ids=[board.items.first().pk])
        sprint_services.sprint_start(acting=sm, sprint=own)
    seed_on(WEDNESDAY)
    assert list(Sprint.objects.values_list("name", "state")) == [("Our own", SprintState.ACTIVE)]
    assert not Standup.objects.exists()
    assert not Retro.objects.exists()


@pytest.mark.parametrize("moment", DATES, ids=lambda m: m.strftime("%a-%H%M"))
def test_it_holds_a_closed_retro_of_the_last_closed_sprint_before_now(db, moment):
    seed_on(moment)
    last = Sprint.objects.filter(state=SprintState.CLOSED).order_by("-number").first()
    retro = Retro.objects.get(sprint=last)
    assert (retro.phase, retro.template) == (Phase.CLOSED, Template.PLUSES_MINUSES_ACTIONS)
    assert last.closed_at < retro.created_at < retro.closed_at < moment
    cards = Card.objects.filter(retro=retro)
    assert {"paula", "sam", "dana", "devon"} == set(cards.values_list("author__username", flat=True))
    assert cards.filter(anonymous=True).count() == 1
    assert set(cards.values_list("column", flat=True)) == {"pluses", "minuses", "actions"}
    assert all(retro.created_at < card.created_at < retro.closed_at for card in cards)
    per_voter = Counter(Vote.objects.filter(retro=retro).values_list("voter__username", flat=True))
    assert per_voter == {"paula": 2, "sam": 2, "dana": 2, "devon": 2}  # everyone's budget, no more
    actions = Action.objects.filter(retro=retro).select_related("owner")
    assert sorted((action.owner.username, action.state) for action in actions) == [
        ("devon", ActionState.OPEN),
        ("paula", ActionState.DONE),
        ("sam", ActionState.OPEN),
    ]
    done = actions.get(state=ActionState.DONE)
    assert retro.closed_at < done.done_at <= moment
    assert done.done_by.username == "paula"


def test_its_earlier_retro_carried_one_action_over_and_saw_the_other_done(db):
    seed_on(WEDNESDAY)
    earlier = Retro.objects.get(sprint__number=2)
    assert (earlier.phase, earlier.template) == (Phase.CLOSED, Template.START_STOP_CONTINUE)
    carried = Action.objects.get(retro=earlier, state=ActionState.CARRIED)
    assert carried.carried_to.retro.sprint.number == 3
    assert carried.carried_to.owner == carried.owner
    done = Action.objects.get(retro=earlier, state=ActionState.DONE)
    sprint_3 = Sprint.objects.get(number=3)
    assert sprint_3.started_at < done.done_at < sprint_3.closed_at


def test_its_votes_stay_within_a_smaller_budget(db):
    with time_machine.travel(WEDNESDAY - dt.timedelta(days=60), tick=False):
        seed_board_only()
        Board.objects.filter(slug="demo").update(retro_vote_budget=1)
    seed_on(WEDNESDAY)
    for retro in Retro.objects.all():
        voters = list(Vote.objects.filter(retro=retro).values_list("voter", flat=True))
        assert len(voters) == len(set(voters)) == 4


def test_a_demo_board_with_a_retro_of_its_own_gets_no_demo_retros(db):
    seed_on(WEDNESDAY)
    Retro.objects.all().delete()
    board = Board.objects.get(slug="demo")
    sam = Membership.objects.get(board=board, user__username="sam")
    sam.board = board
    own = retro_services.retro_open(acting=sam, sprint=1)
    seed_on(WEDNESDAY + dt.timedelta(days=1))
    assert list(Retro.objects.values_list("pk", flat=True)) == [own.pk]
