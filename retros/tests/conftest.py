import pytest

from boards.tests.factories import BoardFactory, MembershipFactory
from retros import services
from retros.models import Phase
from sprints.services import sprint_create


@pytest.fixture
def sprint(team):
    return sprint_create(acting=team.sm)


@pytest.fixture
def retro(team, sprint):
    """Sprint 1's retro, opened by the Scrum Master with the default template: in review."""
    return services.retro_open(acting=team.sm, sprint=sprint.number)


@pytest.fixture
def move_to(team):
    """`move_to(retro, phase)` as the Scrum Master; the test's retro object follows."""

    def move(retro, phase):
        moved = services.retro_phase_move(acting=team.sm, retro=retro, phase=Phase(phase))
        retro.phase, retro.closed_at = moved.phase, moved.closed_at
        return retro

    return move


@pytest.fixture
def zeus(team):
    """Another board, whose Scrum Master is Apollo's developer: its sprint 1's retro in discuss, with a card and an
    open action. Returns (retro, card, action)."""
    board = BoardFactory(slug="zeus")
    sm = MembershipFactory(board=board, user=team.dev.user, role="scrum_master")
    sprint_create(acting=sm)
    retro = services.retro_open(acting=sm, sprint=1)
    services.retro_phase_move(acting=sm, retro=retro, phase="write")
    card = services.card_add(acting=sm, retro=retro, column="pluses", text="Olympus")
    services.retro_phase_move(acting=sm, retro=retro, phase="discuss")
    action = services.action_add(acting=sm, retro=retro, text="Zeus action", owner="dave")
    return retro, card, action


def cast_votes(retro, *votes):
    """Each (membership, card) pair casts one vote on that card."""
    for membership, card in votes:
        services.vote_cast(acting=membership, retro=retro, card_id=card.pk)
