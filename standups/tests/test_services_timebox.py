"""timebox_start: the Scrum Master's 15 minutes, today only; a second start while it runs is refused. The timebox is
the stand-up's ceremony timer (timers)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from scrum_app.errors import Conflict, InvalidInput
from standups.services import timebox_start
from standups.tests.conftest import MONDAY, MONDAY_9AM
from timers.models import Timer


def test_the_scrum_master_starts_fifteen_minutes(team, sprint):
    timer = timebox_start(acting=team.sm, day=MONDAY)
    stored = Timer.objects.get()
    assert (stored.pk, stored.ceremony, stored.sprint) == (timer.pk, "standup", sprint)
    assert (stored.started_at, stored.ends_at) == (MONDAY_9AM, MONDAY_9AM + dt.timedelta(minutes=15))
    assert stored.started_by == team.sm.user


@pytest.mark.parametrize("role", ["po", "dev"])
def test_anyone_else_is_403_naming_the_scrum_master(team, sprint, role):
    with pytest.raises(PermissionDenied, match="Only the Scrum Master can start the stand-up timebox"):
        timebox_start(acting=getattr(team, role), day=MONDAY)
    assert not Timer.objects.exists()


def test_a_second_start_while_it_runs_is_409_and_keeps_the_first(team, sprint, clock):
    timebox_start(acting=team.sm, day=MONDAY)
    clock.shift(dt.timedelta(minutes=5))
    with pytest.raises(Conflict, match="already running"):
        timebox_start(acting=team.sm, day=MONDAY)
    assert Timer.objects.get().started_at == MONDAY_9AM


def test_once_it_has_run_out_it_may_start_again(team, sprint, clock):
    timebox_start(acting=team.sm, day=MONDAY)
    clock.shift(dt.timedelta(minutes=16))
    again = timebox_start(acting=team.sm, day=MONDAY)
    assert again.started_at == MONDAY_9AM + dt.timedelta(minutes=16)
    assert Timer.objects.get(pk__lt=again.pk).stopped_at == MONDAY_9AM + dt.timedelta(minutes=15)


def test_only_today_and_only_a_working_day(team, sprint):
    with pytest.raises(Conflict, match="today is 2026-03-02"):
        timebox_start(acting=team.sm, day=dt.date(2026, 3, 3))
    with pytest.raises(InvalidInput) as refused:
        timebox_start(acting=team.sm, day=dt.date(2026, 3, 8))
    assert refused.value.field == "date"
