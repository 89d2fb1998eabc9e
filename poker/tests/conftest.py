import pytest

from boards.tests.factories import BacklogItemFactory
from poker import services


@pytest.fixture
def items(team):
    """Three unestimated stories at the top of Apollo's backlog."""
    return [BacklogItemFactory(board=team.board, title=title) for title in ("Login", "Search", "Export")]


@pytest.fixture
def session(team, items):
    """A session the Scrum Master started on the default queue: Login is current."""
    return services.session_start(acting=team.sm)
