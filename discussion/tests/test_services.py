"""Comment services: who may write what, the text's limits, mentions, and the live events they publish."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from boards.models import BacklogItem
from boards.tests.factories import MembershipFactory, UserFactory
from discussion import services
from discussion.models import Comment
from discussion.tests.factories import CommentFactory
from scrum_app.errors import InvalidInput

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["po", "sm", "dev"])
def test_every_member_comments_trimmed(team, item, persona):
    comment = services.comment_create(acting=getattr(team, persona), item=item, text="  Ship it.  ")
    comment.refresh_from_db()
    assert (comment.text, comment.author, comment.edited_at) == ("Ship it.", getattr(team, persona).user, None)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "cannot be empty"),
        ("   \n", "cannot be empty"),
        ("x" * (Comment.TEXT_LIMIT + 1), "10000 characters"),
        ("a\x00b", "NUL character"),
    ],
)
def test_empty_too_long_or_unstorable_text_is_refused_naming_text(team, item, text, says):
    with pytest.raises(InvalidInput) as refused:
        services.comment_create(acting=team.dev, item=item, text=text)
    assert refused.value.field == "text" and says in refused.value.message
    assert not Comment.objects.exists()


def test_the_longest_text_is_taken(team, item):
    services.comment_create(acting=team.dev, item=item, text="x" * Comment.TEXT_LIMIT)
    assert Comment.objects.count() == 1


def test_a_comment_on_an_item_deleted_meanwhile_is_a_404(team, item):
    BacklogItem.objects.filter(pk=item.pk).delete()
    with pytest.raises(Http404):
        services.comment_create(acting=team.dev, item=item, text="Hello")


def test_only_the_author_edits_and_it_shows_as_edited(team, item):
    comment = CommentFactory(item=item, author=team.dev.user, text="First")
    for other in (team.po, team.sm):
        with pytest.raises(PermissionDenied):
            services.comment_edit(acting=other, comment=comment, text="Changed")
    services.comment_edit(acting=team.dev, comment=comment, text="Second")
    comment.refresh_from_db()
    assert comment.text == "Second" and comment.edited_at is not None


def test_an_edit_to_the_same_text_is_no_edit(team, item):
    comment = CommentFactory(item=item, author=team.dev.user, text="Same")
    services.comment_edit(acting=team.dev, comment=comment, text=" Same ")
    comment.refresh_from_db()
    assert comment.edited_at is None


def test_the_author_or_the_scrum_master_deletes_and_nothing_is_kept(team, item):
    mine, theirs = (CommentFactory(item=item, author=team.dev.user) for _ in range(2))
    with pytest.raises(PermissionDenied):
        services.comment_delete(acting=team.po, comment=mine)
    services.comment_delete(acting=team.dev, comment=mine)
    services.comment_delete(acting=team.sm, comment=theirs)
    assert not Comment.objects.exists()


def test_mentions_are_members_only_never_the_author_and_on_edit_only_new_ones(team, item):
    comment = services.comment_create(acting=team.dev, item=item, text="@paula @olga @dave `@sam`")
    assert services.mentioned_members(comment=comment) == [team.po.user]
    comment.text = "@paula @sam"
    assert services.mentioned_members(comment=comment, before="@paula") == [team.sm.user]


def test_tell_people_hears_the_mentioned_members_once_per_write(team, item):
    MembershipFactory(board=team.board, user=UserFactory(username="zoe"))
    with mock.patch.object(services, "_tell_people") as told:
        comment = services.comment_create(acting=team.dev, item=item, text="@zoe and @paula")
        services.comment_edit(acting=team.dev, comment=comment, text="@zoe and @paula and @sam")
    (created, mentioned), kwargs = told.call_args_list[0]
    assert created.pk == comment.pk and [u.username for u in mentioned] == ["paula", "zoe"] and not kwargs
    (_edited, mentioned), kwargs = told.call_args_list[1]
    assert [u.username for u in mentioned] == ["sam"] and kwargs == {"edited": True}


def test_each_write_publishes_its_event_after_commit(team, item, django_capture_on_commit_callbacks):
    with mock.patch("boards.events.publish") as published, django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_create(acting=team.dev, item=item, text="Hi")
        services.comment_edit(acting=team.dev, comment=comment, text="Hello")
        services.comment_delete(acting=team.dev, comment=comment)
    events = [(call.args[0], call.args[1], call.kwargs) for call in published.call_args_list]
    expected = {"item": item.pk, "comment": comment.pk}
    assert events == [
        ("board:apollo", name, expected) for name in ("comment.added", "comment.edited", "comment.deleted")
    ]
