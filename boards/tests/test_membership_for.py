import pytest
from django.http import Http404

from boards.selectors import membership_for
from boards.tests.factories import BoardFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_it_finds_my_membership_with_board_and_user_in_one_query(team, django_assert_num_queries):
    with django_assert_num_queries(1):
        membership = membership_for(user=team.dev.user, slug="apollo")
        assert (membership.board.name, membership.user.username, membership.role) == ("Apollo", "dave", "developer")


def test_it_answers_404_to_an_outsider_and_to_a_member_of_another_board(team):
    MembershipFactory(board=BoardFactory(slug="zeus"), user=team.outsider)
    with pytest.raises(Http404):
        membership_for(user=team.outsider, slug="apollo")
    with pytest.raises(Http404):
        membership_for(user=team.dev.user, slug="zeus")
