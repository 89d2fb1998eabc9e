"""timer_start, timer_extend, timer_stop: the Scrum Master's, one running timer per ceremony, durations recorded."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from boards.services import board_update
from scrum_app.errors import Conflict, InvalidInput
from sprints import services as sprint_services
from timers.models import Timer
from timers.services import timer_extend, timer_start, timer_stop
from timers.tests.conftest import MONDAY_9AM


@pytest.mark.parametrize(
    ("ceremony", "minutes"),
    [("standup", 15), ("planning", 240), ("review", 120), ("retro", 90), ("refinement", 60)],
)
def test_a_timer_started_without_minutes_takes_its_ceremonys_default_for_a_two_week_sprint(
    team, sprint, ceremony, minutes
):
    timer = timer_start(acting=team.sm, ceremony=ceremony)
    assert (timer.started_at, timer.ends_at) == (MONDAY_9AM, MONDAY_9AM + dt.timedelta(minutes=minutes))
    assert (timer.sprint, timer.started_by, timer.stopped_at) == (sprint, team.sm.user, None)


def test_a_refinement_session_starts_with_the_length_the_team_set(team, sprint):
    """The Scrum Master sets it on the board's settings (5 to 240 minutes); a timer started without minutes takes it."""
    board_update(acting=team.sm, refinement_minutes=45)
    timer = timer_start(acting=team.sm, ceremony="refinement")
    assert timer.ends_at - timer.started_at == dt.timedelta(minutes=45)
    with pytest.raises(InvalidInput, match="A refinement session lasts 5 to 240 minutes"):
        board_update(acting=team.sm, refinement_minutes=300)


def test_planning_belongs_to_the_sprint_being_planned_and_scales_to_its_length(team, sprint):
    next_one = sprint_services.sprint_create(acting=team.po, goal="Search")  # the board's two weeks, from 16 March
    three_weeks = sprint_services.sprint_create(acting=team.po, goal="Later")
    three_weeks.start_date, three_weeks.end_date = dt.date(2026, 4, 1), dt.date(2026, 4, 21)
    three_weeks.save(update_fields=["start_date", "end_date"])
    timer = timer_start(acting=team.sm, ceremony="planning")
    assert timer.sprint == next_one and timer.ends_at - timer.started_at == dt.timedelta(hours=4)


def test_the_scrum_master_chooses_the_length(team, sprint):
    timer = timer_start(acting=team.sm, ceremony="retro", minutes=30)
    assert timer.ends_at == MONDAY_9AM + dt.timedelta(minutes=30)


@pytest.mark.parametrize("role", ["po", "dev"])
def test_only_the_scrum_master_starts_extends_and_stops(team, sprint, role):
    with pytest.raises(PermissionDenied, match="Only the Scrum Master can start a ceremony timer"):
        timer_start(acting=getattr(team, role), ceremony="review")
    timer = timer_start(acting=team.sm, ceremony="review")
    with pytest.raises(PermissionDenied, match="Only the Scrum Master can extend a ceremony timer"):
        timer_extend(acting=getattr(team, role), timer=timer, minutes=5)
    with pytest.raises(PermissionDenied, match="Only the Scrum Master can stop a ceremony timer"):
        timer_stop(acting=getattr(team, role), timer=timer)
    assert Timer.objects.get().is_running()


def test_a_second_start_while_one_runs_is_a_conflict_but_another_ceremony_may_run(team, sprint):
    timer_start(acting=team.sm, ceremony="standup")
    with pytest.raises(Conflict, match="The daily stand-up timer is already running; it ends at 2026-03-02T09:15:00"):
        timer_start(acting=team.sm, ceremony="standup")
    timer_start(acting=team.sm, ceremony="refinement")
    assert Timer.objects.filter(stopped_at__isnull=True).count() == 2


def test_a_timer_that_ran_out_is_stopped_at_its_end_by_the_next_start(team, sprint, clock):
    first = timer_start(acting=team.sm, ceremony="standup")
    clock.move_to(MONDAY_9AM + dt.timedelta(minutes=20))
    assert not first.is_running() and first.duration() == dt.timedelta(minutes=15)
    second = timer_start(acting=team.sm, ceremony="standup")
    first.refresh_from_db()
    assert first.stopped_at == MONDAY_9AM + dt.timedelta(minutes=15)
    assert second.started_at == MONDAY_9AM + dt.timedelta(minutes=20) and second.stopped_at is None


def test_extend_gives_a_running_timer_more_minutes(team, sprint):
    timer = timer_start(acting=team.sm, ceremony="retro", minutes=30)
    timer_extend(acting=team.sm, timer=timer, minutes=5)
    assert Timer.objects.get().ends_at == MONDAY_9AM + dt.timedelta(minutes=35)


def test_stop_records_the_time_held_and_a_stopped_timer_cannot_be_stopped_or_extended(team, sprint, clock):
    timer = timer_start(acting=team.sm, ceremony="retro", minutes=30)
    clock.move_to(MONDAY_9AM + dt.timedelta(minutes=12))
    timer_stop(acting=team.sm, timer=timer)
    stored = Timer.objects.get()
    assert stored.stopped_at == MONDAY_9AM + dt.timedelta(minutes=12) and stored.duration() == dt.timedelta(minutes=12)
    with pytest.raises(Conflict, match="already stopped"):
        timer_stop(acting=team.sm, timer=timer)
    with pytest.raises(Conflict, match="already stopped"):
        timer_extend(acting=team.sm, timer=timer, minutes=5)


def test_a_run_out_timer_cannot_be_extended_or_stopped(team, sprint, clock):
    timer = timer_start(acting=team.sm, ceremony="standup")
    clock.move_to(MONDAY_9AM + dt.timedelta(minutes=16))
    for change in (
        lambda: timer_extend(acting=team.sm, timer=timer, minutes=5),
        lambda: timer_stop(acting=team.sm, timer=timer),
    ):
        with pytest.raises(Conflict, match="already run out; start a new one"):
            change()


@pytest.mark.parametrize("minutes", [0, -5, 481, True, "10"])
def test_minutes_out_of_range_are_refused_naming_the_field(team, sprint, minutes):
    with pytest.raises(InvalidInput) as refused:
        timer_start(acting=team.sm, ceremony="retro", minutes=minutes)
    assert refused.value.field == "minutes"
    assert not Timer.objects.exists()


def test_an_unknown_ceremony_is_refused(team, sprint):
    with pytest.raises(InvalidInput, match="ceremony is one of planning, standup, review, retro, refinement"):
        timer_start(acting=team.sm, ceremony="lunch")


def test_a_timer_without_a_sprint_takes_the_boards_sprint_length(team, clock):
    timer = timer_start(acting=team.sm, ceremony="review")
    assert timer.sprint is None and timer.ends_at - timer.started_at == dt.timedelta(hours=2)
