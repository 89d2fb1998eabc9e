import pytest

from boards.tests.conftest import client_for  # noqa: F401 (the shared fixture)
from boards.tests.factories import BacklogItemFactory


@pytest.fixture
def item(team):
    """An item "Export" on the team's board."""
    return BacklogItemFactory(board=team.board, title="Export")
