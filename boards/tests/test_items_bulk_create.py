import pytest

from boards import services
from boards.models import BacklogItem
from boards.tests.factories import UserFactory
from scrum_app.errors import InvalidInput

pytestmark = pytest.mark.django_db


def test_it_refuses_an_assignee_who_is_not_a_member_naming_the_entry(team):
    stranger = UserFactory(username="stranger")
    with pytest.raises(InvalidInput) as error:
        services.items_bulk_create(
            board=team.board,
            actor=team.po.user,
            entries=[{"title": "A", "assignee": team.dev.user}, {"title": "B", "assignee": stranger}],
        )
    assert error.value.field == "1.assignee"
    assert not BacklogItem.objects.exists()


def test_it_assigns_members(team):
    items = services.items_bulk_create(
        board=team.board, actor=team.po.user, entries=[{"title": "A", "assignee": team.dev.user}, {"title": "B"}]
    )
    assert [(i.title, i.assignee) for i in items] == [("A", team.dev.user), ("B", None)]
