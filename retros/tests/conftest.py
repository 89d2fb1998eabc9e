import pytest

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
