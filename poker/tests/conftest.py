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


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in Russian leaves Russian active in the test's thread (LocaleMiddleware never deactivates): the next
    test, asserting English messages, would get Russian ones."""
    from django.utils import translation

    yield
    translation.deactivate()
