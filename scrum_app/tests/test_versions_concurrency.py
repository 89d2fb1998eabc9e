"""Two saves from one version at once, on PostgreSQL with real threads, for every versioned thing but items (whose
race is in boards/tests): exactly one wins, the other is refused as stale and writes nothing."""

import datetime as dt

import pytest
import time_machine

from boards import services as board_services
from boards.models import Board, Membership
from boards.tests.factories import BacklogItemFactory
from conftest import postgres_only
from retros import services as retro_services
from retros.models import Action, Card
from scrum_app.testing import all_at_once
from scrum_app.versions import StaleVersion
from sprints import services as sprint_services
from sprints.models import Sprint
from standups.models import StandupEntry
from standups.services import standup_entry_save

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def race(calls, model):
    """Runs the calls at once; returns the row as stored after."""
    errors = all_at_once(calls)
    assert [type(error) for error in errors] == [StaleVersion] * (len(calls) - 1)
    return model.objects.get()


def retro_in(team, *phases):
    """Sprint 1's retro, moved by the Scrum Master through `phases`."""
    sprint = sprint_services.sprint_create(acting=team.sm)
    retro = retro_services.retro_open(acting=team.sm, sprint=sprint.number)
    for phase in phases:
        retro_services.retro_phase_move(acting=team.sm, retro=retro, phase=phase)
    return retro


def test_two_settings_saves_from_one_version(team):
    def save(budget):
        acting = Membership.objects.select_related("board").get(pk=team.sm.pk)
        return lambda: board_services.board_update(acting=acting, version=1, retro_vote_budget=budget)

    board = race([save(3), save(4)], Board)
    assert (board.version, board.retro_vote_budget in {3, 4}) == (2, True)


def test_two_sprint_edits_from_one_version(team):
    sprint = sprint_services.sprint_create(acting=team.po, goal="Search")
    calls = [
        lambda goal=goal: sprint_services.sprint_update(acting=team.po, sprint=sprint, version=1, goal=goal)
        for goal in ("Mine", "Theirs")
    ]
    stored = race(calls, Sprint)
    assert (stored.version, stored.goal in {"Mine", "Theirs"}) == (2, True)


def test_two_tabs_saving_one_entry_from_one_version(team):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        sprint = sprint_services.sprint_create(acting=team.po, goal="Accounts")
        sprint_services.sprint_add_items(
            acting=team.po, sprint=sprint, item_ids=[BacklogItemFactory(board=team.board).pk]
        )
        sprint_services.sprint_start(acting=team.sm, sprint=sprint)
        day = dt.date(2026, 3, 2)
        standup_entry_save(acting=team.dev, day=day, done="Login")
        calls = [
            lambda done=done: standup_entry_save(acting=team.dev, day=day, version=1, done=done)
            for done in ("Tab one", "Tab two")
        ]
        stored = race(calls, StandupEntry)
    assert (stored.version, stored.done in {"Tab one", "Tab two"}) == (2, True)


def test_two_card_edits_from_one_version(team):
    retro = retro_in(team, "write")
    card = retro_services.card_add(acting=team.dev, retro=retro, column="pluses", text="Pairing")
    calls = [
        lambda text=text: retro_services.card_edit(acting=team.dev, retro=retro, card=card, version=1, text=text)
        for text in ("Tab one", "Tab two")
    ]
    stored = race(calls, Card)
    assert (stored.version, stored.text in {"Tab one", "Tab two"}) == (2, True)


def test_a_tick_and_a_reopen_from_one_version(team):
    retro = retro_in(team, "write", "discuss")
    action = retro_services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave")
    retro_services.action_mark(acting=team.dev, action=action, done=True)  # version 2
    calls = [
        lambda: retro_services.action_mark(acting=team.po, action=action, done=False, version=2),
        lambda: retro_services.action_mark(acting=team.dev, action=action, done=False, version=2),
    ]
    # Both ask for the same change: the first reopens it, the second finds it open already and changes nothing.
    assert all_at_once(calls) == []
    stored = Action.objects.get()
    assert (stored.version, stored.state) == (3, "open")
