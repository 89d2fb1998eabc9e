"""Items changed while their assignee is removed or they are deleted, on PostgreSQL: real threads, real row locks.

The assignee's membership and the item itself are checked under the board's lock, which a removal and a deletion
take too. Each race runs ten times on a fresh board.
"""

import pytest

from boards import services
from boards.models import BacklogItem, Membership, Role
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, MembershipFactory
from boards.tests.test_members_concurrency import api_statuses, each_run, members_url, scrum_masters
from conftest import postgres_only
from scrum_app.errors import InvalidInput
from scrum_app.testing import all_at_once

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def refused_assignee(errors):
    return all(isinstance(e, InvalidInput) and e.field.endswith("assignee") for e in errors)


def test_an_item_assigned_while_its_assignee_is_removed_never_stays_with_a_non_member():
    def race(board):
        (sm,) = scrum_masters(board, 1)
        dev = MembershipFactory(board=board, role=Role.DEVELOPER)
        item = BacklogItemFactory(board=board)
        errors = all_at_once(
            [
                lambda: services.item_update(actor=sm.user, item=item, assignee=dev.user),
                lambda: services.member_remove(acting=sm, member=dev),
            ]
        )
        # Either the removal came first and the assignment is refused, or it came second and unassigned the item.
        assert refused_assignee(errors), errors
        assert BacklogItem.objects.get(pk=item.pk).assignee_id is None
        assert not Membership.objects.filter(pk=dev.pk).exists()

    each_run(race)


def test_the_api_never_leaves_an_item_assigned_to_a_member_removed_at_the_same_time():
    def race(board):
        (sm,) = scrum_masters(board, 1)
        dev = MembershipFactory(board=board, role=Role.DEVELOPER)
        item = BacklogItemFactory(board=board)
        calls = [
            lambda: api_as(sm).patch(
                f"/api/v1/boards/{board.slug}/items/{item.pk}/", {"assignee": dev.user.username}, format="json"
            ),
            lambda: api_as(sm).delete(members_url(board, dev)),
        ]
        assert api_statuses(calls) in ([200, 204], [204, 400])
        assert BacklogItem.objects.get(pk=item.pk).assignee_id is None

    each_run(race)


def test_items_created_for_an_assignee_removed_at_the_same_time_never_stay_with_a_non_member():
    def race(board):
        (sm,) = scrum_masters(board, 1)
        dev = MembershipFactory(board=board, role=Role.DEVELOPER)
        errors = all_at_once(
            [
                lambda: services.item_create(board=board, actor=sm.user, title="Login", assignee=dev.user),
                lambda: services.member_remove(acting=sm, member=dev),
            ]
        )
        assert refused_assignee(errors), errors
        assert not BacklogItem.objects.filter(board=board, assignee=dev.user).exists()

    each_run(race)


def test_an_item_edited_while_it_is_deleted_answers_404_never_500():
    def race(board):
        (sm,) = scrum_masters(board, 1)
        item = BacklogItemFactory(board=board)
        url = f"/api/v1/boards/{board.slug}/items/{item.pk}/"
        calls = [lambda: api_as(sm).patch(url, {"points": 5}, format="json"), lambda: api_as(sm).delete(url)]
        assert api_statuses(calls) in ([200, 204], [204, 404])
        assert not BacklogItem.objects.filter(board=board).exists()

    each_run(race)
