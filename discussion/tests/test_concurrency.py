"""Comments written at the same time as their item is deleted, or as each other's edit and delete, on PostgreSQL:
real threads, real row locks. Each race runs ten times; no request fails with a 500."""

import pytest

from boards.models import Role
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, MembershipFactory
from boards.tests.test_members_concurrency import api_statuses, each_run
from conftest import postgres_only
from discussion.models import Comment
from discussion.tests.factories import CommentFactory

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def url(board, item, comment=None):
    return f"/api/v1/boards/{board.slug}/items/{item.pk}/comments/" + (f"{comment.pk}/" if comment else "")


def test_comments_on_an_item_deleted_at_once_are_kept_or_404_never_a_500():
    def race(board):
        po = MembershipFactory(board=board, role=Role.PRODUCT_OWNER)
        devs = [MembershipFactory(board=board) for _ in range(3)]
        item = BacklogItemFactory(board=board)
        calls = [lambda: api_as(po).delete(f"/api/v1/boards/{board.slug}/items/{item.pk}/")]
        calls += [lambda dev=dev: api_as(dev).post(url(board, item), {"text": "Wait!"}, format="json") for dev in devs]
        statuses = api_statuses(calls)
        assert 204 in statuses and set(statuses) <= {201, 204, 404}
        assert not Comment.objects.filter(item_id=item.pk).exists()

    each_run(race)


def test_an_edit_and_a_delete_at_once_leave_it_deleted_or_edited_never_a_500():
    def race(board):
        sm = MembershipFactory(board=board, role=Role.SCRUM_MASTER)
        dev = MembershipFactory(board=board)
        item = BacklogItemFactory(board=board)
        comment = CommentFactory(item=item, author=dev.user, text="First")
        calls = [
            lambda: api_as(dev).patch(url(board, item, comment), {"text": "Second"}, format="json"),
            lambda: api_as(sm).delete(url(board, item, comment)),
        ]
        statuses = api_statuses(calls)
        assert statuses in ([200, 204], [204, 404])
        assert not Comment.objects.filter(pk=comment.pk).exists()

    each_run(race)
