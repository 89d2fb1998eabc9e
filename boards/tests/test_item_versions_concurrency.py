"""Two saves from the same version at once, on PostgreSQL with real threads: exactly one wins."""

import pytest

from boards import services
from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory
from conftest import postgres_only
from scrum_app.testing import all_at_once
from scrum_app.versions import StaleVersion

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def test_two_saves_from_one_version_at_once_let_exactly_one_win(team):
    item = BacklogItemFactory(board=team.board, title="Login", points=3)
    calls = [
        lambda points=points, who=who: services.item_update(
            actor=who.user, item=BacklogItem.objects.get(pk=item.pk), version=1, points=points
        )
        for points, who in ((5, team.po), (8, team.dev))
    ]
    errors = all_at_once(calls)
    assert [type(error) for error in errors] == [StaleVersion]
    stored = BacklogItem.objects.get(pk=item.pk)
    assert stored.version == 2
    assert stored.points in {5, 8}
    assert stored.events.filter(field="points").count() == 1
