import pytest
from django.db.models import Model
from django.utils import timezone
from rest_framework.authtoken.models import Token

from boards.models import Membership
from boards.selectors import membership_for_token
from boards.tests.factories import BoardFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def values(instance: Model) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


@pytest.fixture
def token(team):
    user = team.dev.user
    user.first_name, user.email, user.last_login = "Dave", "dave@example.com", timezone.now()
    user.save()
    return Token.objects.create(user=user)


def test_it_loads_membership_board_user_and_token_as_the_orm_does(team, token, django_assert_num_queries):
    team.board.working_days = [1, 3, 5]
    team.board.save(update_fields=["working_days"])
    expected = Membership.objects.select_related("board", "user__auth_token").get(pk=team.dev.pk)

    with django_assert_num_queries(1):
        found = membership_for_token(key=token.key, slug="apollo")
        loaded = (found.board, found.user, found.user.auth_token)
    assert values(found) == values(expected)
    assert values(loaded[0]) == values(expected.board)
    assert values(loaded[1]) == values(expected.user)
    assert values(loaded[2]) == values(expected.user.auth_token)
    assert loaded[0].working_days == [1, 3, 5]
    assert loaded[1].is_active is True and loaded[1].is_staff is False
    assert loaded[0].created_at.tzinfo is not None
    assert not any(instance.get_deferred_fields() for instance in (found, *loaded))


def test_what_it_loads_can_be_saved_like_any_instance(team, token):
    found = membership_for_token(key=token.key, slug="apollo")
    found.role = "scrum_master"
    found.save(update_fields=["role"])
    assert Membership.objects.get(pk=team.dev.pk).role == "scrum_master"


def test_it_finds_nothing_for_an_unknown_token_an_outsider_or_another_board(team, token):
    BoardFactory(slug="gemini")
    MembershipFactory(board=BoardFactory(slug="zeus"), user=team.outsider)
    outsider_token = Token.objects.create(user=team.outsider)
    assert membership_for_token(key="0" * 40, slug="apollo") is None
    assert membership_for_token(key=outsider_token.key, slug="apollo") is None
    assert membership_for_token(key=token.key, slug="gemini") is None
    assert membership_for_token(key=outsider_token.key, slug="zeus").board.slug == "zeus"
