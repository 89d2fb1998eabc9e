import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from boards import services as board_services
from boards.models import BacklogItem, ItemEvent, Status
from boards.tests.factories import BacklogItemFactory, BoardFactory
from conftest import postgres_only
from scrum_app.errors import Conflict, InvalidInput
from scrum_app.testing import all_at_once
from sprints import services
from sprints.models import Sprint, SprintCommitment, SprintState


def planned(team, *items, goal="Ship it"):
    sprint = services.sprint_create(acting=team.po, goal=goal)
    if items:
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[i.pk for i in items])
    return sprint


@time_machine.travel(dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC), tick=False)
def test_it_numbers_sprints_and_defaults_their_dates_from_the_board(team):
    team.board.time_zone = "Europe/Berlin"  # already Thursday the 5th there
    team.board.sprint_length_weeks = 2
    team.board.save(update_fields=["time_zone", "sprint_length_weeks"])
    first = services.sprint_create(acting=team.po)
    second = services.sprint_create(acting=team.sm, name="Polish")
    assert (first.number, first.start_date, first.end_date) == (1, dt.date(2026, 3, 5), dt.date(2026, 3, 18))
    assert (second.number, second.start_date, second.end_date) == (2, dt.date(2026, 3, 19), dt.date(2026, 4, 1))
    assert str(second) == "Polish"


def test_it_lets_only_the_po_and_sm_plan(team):
    with pytest.raises(PermissionDenied, match="Only the Product Owner or the Scrum Master can plan sprints"):
        services.sprint_create(acting=team.dev)
    assert not Sprint.objects.exists()


def test_it_refuses_an_end_before_the_start(team):
    with pytest.raises(InvalidInput) as error:
        services.sprint_create(acting=team.po, start_date=dt.date(2026, 3, 5), end_date=dt.date(2026, 3, 5))
    assert error.value.field == "end_date"


def test_it_records_sprint_membership_in_the_items_history(team):
    item = BacklogItemFactory(board=team.board, points=3)
    sprint = planned(team, item)
    services.sprint_remove_items(acting=team.sm, sprint=sprint, item_ids=[item.pk])
    events = list(ItemEvent.objects.filter(item=item, field="sprint").values_list("old_value", "new_value", "actor"))
    assert events == [("", "1", team.po.user.pk), ("1", "", team.sm.user.pk)]
    item.refresh_from_db()
    assert item.sprint is None


def test_it_refuses_an_item_of_another_board_and_changes_nothing(team):
    mine = BacklogItemFactory(board=team.board)
    theirs = BacklogItemFactory(board=BoardFactory())
    sprint = planned(team)
    with pytest.raises(InvalidInput, match=f"Item {theirs.pk} is not on this board") as error:
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[mine.pk, theirs.pk])
    assert error.value.field == "items"
    assert not BacklogItem.objects.filter(sprint=sprint).exists()
    assert not ItemEvent.objects.filter(field="sprint").exists()


def test_it_starts_with_a_goal_and_items_and_records_the_commitment(team):
    a, b, c = (BacklogItemFactory(board=team.board, points=p) for p in (5, 3, None))
    sprint = planned(team, a, b, c)
    started = services.sprint_start(acting=team.sm, sprint=sprint)
    assert (started.state, started.committed_points) == (SprintState.ACTIVE, 8)
    assert set(SprintCommitment.objects.values_list("item_id", "points")) == {(a.pk, 5), (b.pk, 3), (c.pk, None)}


@pytest.mark.parametrize(
    ("today", "dates"),
    [
        # Started before its planned first day: it starts today and keeps its length.
        (dt.date(2026, 3, 4), (dt.date(2026, 3, 4), dt.date(2026, 3, 15))),
        # Started late: it keeps its planned dates.
        (dt.date(2026, 3, 11), (dt.date(2026, 3, 9), dt.date(2026, 3, 20))),
    ],
    ids=["early", "late"],
)
def test_a_sprint_started_early_moves_to_today_and_one_started_late_keeps_its_dates(team, today, dates):
    with time_machine.travel(dt.datetime.combine(today, dt.time(10), tzinfo=dt.UTC), tick=False):
        sprint = planned(team, BacklogItemFactory(board=team.board, points=3))
        services.sprint_update(
            acting=team.po, sprint=sprint, start_date=dt.date(2026, 3, 9), end_date=dt.date(2026, 3, 20)
        )
        started = services.sprint_start(acting=team.sm, sprint=Sprint.objects.get(pk=sprint.pk))
    assert (started.start_date, started.end_date) == dates
    stored = Sprint.objects.get(pk=sprint.pk)
    assert (stored.start_date, stored.end_date) == dates


def test_it_needs_a_goal_and_an_item_to_start(team):
    sprint = planned(team, goal="")
    with pytest.raises(InvalidInput, match="goal"):
        services.sprint_start(acting=team.sm, sprint=sprint)
    services.sprint_update(acting=team.po, sprint=sprint, goal="Something")
    with pytest.raises(InvalidInput, match="at least one item") as error:
        services.sprint_start(acting=team.sm, sprint=sprint)
    assert error.value.field == "items"
    assert Sprint.objects.get().state == SprintState.PLANNED


def test_only_the_scrum_master_starts_and_closes(team):
    sprint = planned(team, BacklogItemFactory(board=team.board))
    for member in (team.po, team.dev):
        with pytest.raises(PermissionDenied, match="Only the Scrum Master can start a sprint"):
            services.sprint_start(acting=member, sprint=sprint)
    services.sprint_start(acting=team.sm, sprint=sprint)
    with pytest.raises(PermissionDenied, match="Only the Scrum Master can close a sprint"):
        services.sprint_close(acting=team.po, sprint=sprint)
    assert Sprint.objects.get().state == SprintState.ACTIVE


def test_a_second_active_sprint_is_a_conflict(team):
    first = planned(team, BacklogItemFactory(board=team.board))
    second = planned(team, BacklogItemFactory(board=team.board))
    services.sprint_start(acting=team.sm, sprint=first)
    with pytest.raises(Conflict, match="Sprint 1 is already active"):
        services.sprint_start(acting=team.sm, sprint=second)
    assert Sprint.objects.get(number=2).state == SprintState.PLANNED
    assert not SprintCommitment.objects.filter(sprint=second).exists()


def test_closing_a_planned_sprint_is_a_conflict(team):
    sprint = planned(team, BacklogItemFactory(board=team.board))
    with pytest.raises(Conflict, match="Sprint 1 is planned; only an active one closes"):
        services.sprint_close(acting=team.sm, sprint=sprint)
    assert Sprint.objects.get().state == SprintState.PLANNED


def test_closing_sends_unfinished_items_to_the_top_of_the_backlog_in_order(team):
    top = BacklogItemFactory(board=team.board, title="Top of the backlog")
    done, first, second = (BacklogItemFactory(board=team.board, points=p) for p in (5, 3, 2))
    sprint = planned(team, done, first, second)
    services.sprint_start(acting=team.sm, sprint=sprint)
    board_services.item_update(actor=team.dev.user, item=done, status=Status.DONE)
    board_services.item_update(actor=team.dev.user, item=second, status=Status.TESTING)
    closed = services.sprint_close(acting=team.sm, sprint=sprint, unfinished="backlog")
    assert (closed.state, closed.completed_points) == (SprintState.CLOSED, 5)
    order = list(BacklogItem.objects.filter(sprint=None).order_by("rank").values_list("pk", flat=True))
    assert order == [first.pk, second.pk, top.pk]
    done.refresh_from_db()
    assert done.sprint_id == sprint.pk  # finished work stays in the sprint it was finished in
    assert ItemEvent.objects.filter(field="sprint", old_value="1", new_value="").count() == 2


def test_closing_can_carry_unfinished_items_into_the_next_planned_sprint(team):
    item = BacklogItemFactory(board=team.board, points=3)
    sprint = planned(team, item)
    services.sprint_start(acting=team.sm, sprint=sprint)
    with pytest.raises(Conflict, match="no planned sprint after this one"):
        services.sprint_close(acting=team.sm, sprint=sprint, unfinished="next")
    assert Sprint.objects.get().state == SprintState.ACTIVE
    nxt = planned(team)
    services.sprint_close(acting=team.sm, sprint=sprint, unfinished="next")
    item.refresh_from_db()
    assert item.sprint_id == nxt.pk
    assert ItemEvent.objects.filter(item=item, field="sprint").last().new_value == "2"


def test_a_closed_sprint_no_longer_changes(team):
    item = BacklogItemFactory(board=team.board, points=3)
    sprint = planned(team, item)
    services.sprint_start(acting=team.sm, sprint=sprint)
    services.sprint_close(acting=team.sm, sprint=sprint)
    with pytest.raises(Conflict):
        services.sprint_update(acting=team.po, sprint=sprint, goal="Rewrite history")
    with pytest.raises(Conflict):
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[item.pk])


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_leave_one_sprint_active(team):
    sprints = [planned(team, BacklogItemFactory(board=team.board)) for _ in range(2)]
    outcomes = []

    def start(sprint):
        try:
            services.sprint_start(acting=team.sm, sprint=sprint)
            outcomes.append("started")
        except Conflict as error:
            outcomes.append(str(error))

    assert all_at_once([lambda s=s: start(s) for s in sprints]) == []
    assert sorted(outcomes)[-1] == "started"
    assert "already active" in sorted(outcomes)[0]
    assert Sprint.objects.filter(state=SprintState.ACTIVE).count() == 1


def test_the_admin_shows_a_sprint_but_changes_go_through_the_pages_and_api(team, client):
    from django.contrib.auth import get_user_model

    sprint = planned(team, BacklogItemFactory(board=team.board, points=3))
    services.sprint_start(acting=team.sm, sprint=sprint)
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))
    page = client.get(f"/admin/sprints/sprint/{sprint.pk}/change/").content.decode()
    assert "Ship it" in page and 'name="goal"' not in page and 'name="state"' not in page
    assert client.post(f"/admin/sprints/sprint/{sprint.pk}/change/", {"goal": "Rewritten"}).status_code == 403
    assert client.get("/admin/sprints/sprint/add/").status_code == 403
    assert Sprint.objects.get().goal == "Ship it"
