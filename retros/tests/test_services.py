import datetime

import pytest
from django.core.exceptions import PermissionDenied

from boards.tests.factories import MembershipFactory, UserFactory
from retros import services
from retros.models import Action, ActionState, Card, Retro, Vote
from retros.services import BudgetSpent
from scrum_app.errors import Conflict, InvalidInput
from sprints.services import sprint_create


def test_it_opens_a_retro_in_review_with_the_default_template(team, sprint):
    retro = services.retro_open(acting=team.sm, sprint=sprint.number)
    assert (retro.phase, retro.template, retro.hidden) == ("review", "pluses_minuses_actions", False)
    assert [key for key, _ in retro.columns] == ["pluses", "minuses", "actions"]


@pytest.mark.parametrize("who", ["po", "dev"])
def test_it_lets_only_the_scrum_master_open_a_retro(team, sprint, who):
    with pytest.raises(PermissionDenied, match="Only the Scrum Master can open a retro"):
        services.retro_open(acting=getattr(team, who), sprint=sprint.number)
    assert not Retro.objects.exists()


def test_it_opens_one_retro_per_sprint(team, retro, sprint):
    with pytest.raises(Conflict, match="already has a retro") as caught:
        services.retro_open(acting=team.sm, sprint=sprint.number, template="mad_sad_glad")
    assert caught.value.field == "sprint"
    assert Retro.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"sprint": 9}, "sprint"), ({"sprint": 1, "template": "happy"}, "template"), ({"sprint": True}, "sprint")],
)
def test_it_refuses_an_unknown_sprint_or_template_naming_the_field(team, sprint, kwargs, field):
    with pytest.raises(InvalidInput) as caught:
        services.retro_open(acting=team.sm, **kwargs)
    assert caught.value.field == field


def test_it_refuses_a_sprint_of_another_board(team, sprint):
    other = MembershipFactory(role="scrum_master")
    with pytest.raises(InvalidInput):
        services.retro_open(acting=other, sprint=sprint.number)


def test_phases_move_forward_one_step_or_to_a_named_later_phase(team, retro):
    assert services.retro_phase_move(acting=team.sm, retro=retro).phase == "write"
    assert services.retro_phase_move(acting=team.sm, retro=retro, phase="discuss").phase == "discuss"
    closed = services.retro_phase_move(acting=team.sm, retro=retro)
    assert closed.phase == "closed" and closed.closed_at is not None


def test_phases_never_move_back_or_past_closed(team, retro, move_to):
    move_to(retro, "vote")
    for phase in ("write", "vote"):
        with pytest.raises(Conflict, match="only move forward"):
            services.retro_phase_move(acting=team.sm, retro=retro, phase=phase)
    move_to(retro, "closed")
    with pytest.raises(Conflict, match="closed"):
        services.retro_phase_move(acting=team.sm, retro=retro)


def test_an_unknown_phase_is_400_naming_phase(team, retro):
    with pytest.raises(InvalidInput) as caught:
        services.retro_phase_move(acting=team.sm, retro=retro, phase="party")
    assert caught.value.field == "phase"


@pytest.mark.parametrize("who", ["po", "dev"])
def test_only_the_scrum_master_moves_the_phase(team, retro, who):
    with pytest.raises(PermissionDenied, match="Only the Scrum Master"):
        services.retro_phase_move(acting=getattr(team, who), retro=retro)
    retro.refresh_from_db()
    assert retro.phase == "review"


def test_members_write_cards_in_the_template_columns_during_write(team, retro, move_to):
    move_to(retro, "write")
    card = services.card_add(acting=team.dev, retro=retro, column="minuses", text="  Flaky CI  ", anonymous=True)
    assert (card.column, card.text, card.anonymous, card.author) == ("minuses", "Flaky CI", True, team.dev.user)


def test_a_card_in_a_column_the_template_lacks_is_400_naming_column(team, retro, move_to):
    move_to(retro, "write")
    with pytest.raises(InvalidInput) as caught:
        services.card_add(acting=team.dev, retro=retro, column="glad", text="Yay")
    assert caught.value.field == "column"
    assert not Card.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 1001])
def test_a_card_needs_text_of_up_to_1000_characters(team, retro, move_to, text):
    move_to(retro, "write")
    with pytest.raises(InvalidInput) as caught:
        services.card_add(acting=team.dev, retro=retro, column="pluses", text=text)
    assert caught.value.field == "text"


@pytest.mark.parametrize("phase", ["review", "vote", "closed"])
def test_cards_are_refused_outside_the_write_phase(team, retro, move_to, phase):
    if phase != "review":
        move_to(retro, phase)
    with pytest.raises(Conflict, match="closed" if phase == "closed" else "write phase"):
        services.card_add(acting=team.dev, retro=retro, column="pluses", text="Late")


@pytest.fixture
def voting(team, retro, move_to):
    """A retro in its vote phase with two cards."""
    move_to(retro, "write")
    cards = [services.card_add(acting=team.po, retro=retro, column=c, text=c) for c in ("pluses", "minuses")]
    move_to(retro, "vote")
    return retro, cards


def test_a_member_may_put_several_votes_on_one_card_within_the_budget(team, voting):
    retro, (card, _) = voting
    assert services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk) == 1
    assert services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk) == 0
    with pytest.raises(Conflict, match="0 votes left") as caught:
        services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)
    assert caught.value.as_dict()["votes_left"] == 0
    assert Vote.objects.filter(voter=team.dev.user).count() == 2


def test_the_budget_is_the_boards(team, voting):
    retro, (card, other) = voting
    team.board.retro_vote_budget = 3
    team.board.save(update_fields=["retro_vote_budget"])
    team.dev.board.refresh_from_db()
    for target in (card, other, other):
        services.vote_cast(acting=team.dev, retro=retro, card_id=target.pk)
    with pytest.raises(Conflict):
        services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)


def test_a_withdrawn_vote_can_be_cast_again(team, voting):
    retro, (card, other) = voting
    services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)
    services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)
    assert services.vote_withdraw(acting=team.dev, retro=retro, card_id=card.pk) == 1
    assert services.vote_cast(acting=team.dev, retro=retro, card_id=other.pk) == 0
    with pytest.raises(Conflict, match="no vote on this card"):
        services.vote_withdraw(acting=team.sm, retro=retro, card_id=card.pk)


def test_votes_left_never_go_below_zero_when_the_budget_shrinks_during_the_vote(team, voting):
    retro, (card, _) = voting
    board = team.dev.board
    board.retro_vote_budget = 3
    for _ in range(3):
        services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)
    board.retro_vote_budget = 1  # the board's settings changed while the vote runs
    board.save(update_fields=["retro_vote_budget"])
    assert services.vote_withdraw(acting=team.dev, retro=retro, card_id=card.pk) == 0
    with pytest.raises(BudgetSpent):
        services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)


def test_votes_are_refused_outside_the_vote_phase(team, voting, move_to):
    retro, (card, _) = voting
    move_to(retro, "discuss")
    with pytest.raises(Conflict, match="vote phase"):
        services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)
    with pytest.raises(Conflict, match="vote phase"):
        services.vote_withdraw(acting=team.dev, retro=retro, card_id=card.pk)


def test_a_vote_on_a_card_of_another_retro_names_the_card(team, voting):
    retro, _ = voting
    with pytest.raises(InvalidInput) as caught:
        services.vote_cast(acting=team.dev, retro=retro, card_id=999_999)
    assert caught.value.field == "card"


@pytest.fixture
def discussing(voting, move_to):
    retro, cards = voting
    move_to(retro, "discuss")
    return retro, cards


def test_actions_have_an_owner_a_card_and_a_due_date(team, discussing):
    retro, (card, _) = discussing
    due = datetime.date(2026, 12, 1)
    action = services.action_add(acting=team.dev, retro=retro, text="Fix CI", owner="sam", card=card.pk, due=due)
    assert (action.owner, action.card, action.due, action.state) == (team.sm.user, card, due, "open")
    assert action.board == team.board


def test_an_owner_who_is_not_a_member_is_400_naming_owner(team, discussing):
    retro, _ = discussing
    UserFactory(username="olga")
    for owner in ("olga", "nobody", ""):
        with pytest.raises(InvalidInput) as caught:
            services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner=owner)
        assert caught.value.field == "owner"
    assert not Action.objects.exists()


def test_actions_are_added_only_while_discussing(team, voting):
    retro, _ = voting
    with pytest.raises(Conflict, match="discuss phase"):
        services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="sam")


def test_an_action_is_ticked_done_and_reopened_by_any_member(team, discussing):
    retro, _ = discussing
    action = services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave")
    done = services.action_mark(acting=team.po, action=action, done=True)
    assert (done.state, done.done_by) == ("done", team.po.user) and done.done_at
    reopened = services.action_mark(acting=team.dev, action=action, done=False)
    assert (reopened.state, reopened.done_at) == ("open", None)


@pytest.fixture
def next_retro(team, discussing, move_to):
    """Sprint 1's retro closed with two open actions, and sprint 2's retro opened (in review)."""
    retro, _ = discussing
    first = services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave")
    second = services.action_add(acting=team.sm, retro=retro, text="Pair more", owner="paula")
    move_to(retro, "closed")
    sprint_create(acting=team.sm)
    return services.retro_open(acting=team.sm, sprint=2), first, second


def test_carrying_an_action_makes_it_an_action_of_this_retro(team, next_retro):
    retro, first, _ = next_retro
    carried = services.action_carry(acting=team.dev, retro=retro, action=first)
    first.refresh_from_db()
    assert first.state == ActionState.CARRIED
    assert (carried.retro, carried.text, carried.owner, carried.state) == (retro, "Fix CI", team.dev.user, "open")
    assert carried.carried_from == first
    with pytest.raises(Conflict, match="already carried"):
        services.action_carry(acting=team.dev, retro=retro, action=first)
    with pytest.raises(Conflict, match="carried over"):
        services.action_mark(acting=team.dev, action=first, done=True)


def test_actions_are_carried_only_in_review(team, next_retro, move_to):
    retro, first, second = next_retro
    with pytest.raises(Conflict, match="review phase"):
        services.action_carry(acting=team.sm, retro=first.retro, action=second)
    move_to(retro, "write")
    with pytest.raises(Conflict, match="review phase"):
        services.action_carry(acting=team.sm, retro=retro, action=first)
    assert Action.objects.filter(state="open").count() == 2
