"""Reads of an item's discussion. The caller has the member's board (boards.selectors.membership_for: 404 for
outsiders) and the item on it (item_for_board)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from boards.models import BacklogItem, Board, ItemEvent, Membership, Role
from boards.selectors import members_of
from discussion import markdown
from discussion.models import Comment
from scrum_app.ids import row_or_404


def comments_of(*, item: BacklogItem) -> QuerySet[Comment]:
    """The item's comments, oldest first, with their authors."""
    return Comment.objects.filter(item=item).select_related("author").order_by("created_at", "pk")


def comment_for_item(*, item: BacklogItem, comment_id: int | str) -> Comment:
    """The comment `comment_id` on this item; one on another item (or board) is as missing as an unknown one."""
    return row_or_404(comments_of(item=item), comment_id, missing=_("No such comment."))


def member_names(*, board: Board) -> list[str]:
    """The board's members' usernames, by name: whom a comment may mention (one query)."""
    return [membership.user.username for membership in members_of(board=board)]


def with_html(comments: list[Comment], *, names: list[str]) -> list[Comment]:
    """Give each comment its rendered Markdown as `comment.html` (mentions of `names` marked)."""
    for comment in comments:
        comment.html = markdown.render(comment.text, members=names)
    return comments


def may_edit(membership: Membership, comment: Comment) -> bool:
    return comment.author_id == membership.user_id


def may_delete(membership: Membership, comment: Comment) -> bool:
    return may_edit(membership, comment) or membership.role == Role.SCRUM_MASTER


@dataclass
class Entry:
    """One line of an item's activity: a comment or a recorded change."""

    at: datetime
    comment: Comment | None = None
    event: ItemEvent | None = None


def item_events(*, item: BacklogItem) -> QuerySet[ItemEvent]:
    return ItemEvent.objects.filter(item=item).select_related("actor").order_by("at", "pk")


def activity(*, item: BacklogItem, names: list[str]) -> list[Entry]:
    """The item's comments and recorded changes (status, points, sprint, assignee, …) in one timeline, oldest first
    (two queries, however long it is). A change and a comment at the same instant: the change first."""
    entries: list[Any] = [Entry(at=event.at, event=event) for event in item_events(item=item)]
    comments = with_html(list(comments_of(item=item)), names=names)
    entries += [Entry(at=comment.created_at, comment=comment) for comment in comments]
    return sorted(entries, key=lambda entry: (entry.at, entry.comment is not None))
