"""Races on PostgreSQL: real threads, real row locks, through the API."""

import pytest

from conftest import postgres_only
from scrum_app.testing import all_at_once
from timers.models import Timer
from timers.tests.conftest import API, api

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def test_two_parallel_starts_of_one_ceremony_give_one_201_and_one_409(team, sprint):
    answers: list[int] = []
    calls = [lambda: answers.append(api(team.sm.user).post(API, {"ceremony": "review"}, format="json").status_code)] * 2
    assert all_at_once(calls) == []
    assert sorted(answers) == [201, 409]
    assert Timer.objects.filter(ceremony="review", stopped_at__isnull=True).count() == 1


def test_starts_racing_a_stop_leave_at_most_one_running_timer(team, sprint):
    from timers.services import timer_start, timer_stop

    running = timer_start(acting=team.sm, ceremony="standup")
    errors = all_at_once(
        [lambda: timer_stop(acting=team.sm, timer=running)]
        + [lambda: timer_start(acting=team.sm, ceremony="standup")] * 3
    )
    assert {type(error).__name__ for error in errors} <= {"Conflict"}
    assert Timer.objects.filter(ceremony="standup", stopped_at__isnull=True).count() <= 1
