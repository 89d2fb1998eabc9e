"""Races on PostgreSQL: real threads, real row locks."""

import pytest

from conftest import postgres_only
from retros import services
from retros.models import Action, Vote
from scrum_app.testing import all_at_once

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def test_twenty_votes_sent_at_once_against_a_budget_of_two_store_two(team, retro, move_to):
    move_to(retro, "write")
    cards = [services.card_add(acting=team.po, retro=retro, column="pluses", text=f"Card {i}") for i in range(4)]
    move_to(retro, "vote")
    calls = [
        (lambda card=cards[i % 4]: services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)) for i in range(20)
    ]
    errors = all_at_once(calls)
    assert Vote.objects.filter(voter=team.dev.user).count() == 2
    assert len(errors) == 18
    assert all(getattr(e, "status_code", None) == 409 and e.as_dict()["votes_left"] == 0 for e in errors)


def test_votes_racing_the_end_of_the_vote_are_counted_or_refused(team, retro, move_to):
    move_to(retro, "write")
    card = services.card_add(acting=team.po, retro=retro, column="pluses", text="Card")
    move_to(retro, "vote")
    voters = [team.po, team.sm, team.dev]
    calls = [lambda m=m: services.vote_cast(acting=m, retro=retro, card_id=card.pk) for m in voters]
    calls.append(lambda: services.retro_phase_move(acting=team.sm, retro=retro, phase="discuss"))
    errors = all_at_once(calls)
    assert Vote.objects.count() + len(errors) == 3
    assert all("vote phase" in str(e) for e in errors)


def test_an_action_carried_twice_at_once_is_carried_once(team, retro, move_to):
    from sprints.services import sprint_create

    move_to(retro, "discuss")
    old = services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave")
    move_to(retro, "closed")
    sprint_create(acting=team.sm)
    following = services.retro_open(acting=team.sm, sprint=2)
    errors = all_at_once(
        [lambda m=m: services.action_carry(acting=m, retro=following, action=old) for m in (team.sm, team.dev)]
    )
    assert len(errors) == 1
    assert Action.objects.filter(retro=following).count() == 1
