"""What the item page's discussion region shows (templates/discussion/_discussion.html): the item's activity, the
comment form, and the members a comment may mention. Drawn by the `item_discussion` tag inside the item page and by
the region's own view (discussion.views) when it is re-fetched or a form in it is sent."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from boards.models import BacklogItem, ItemEvent, Membership, Status
from boards.views.common import form_int
from discussion.models import Comment
from discussion.selectors import activity, may_delete, may_edit, member_names
from scrum_app.errors import DomainError

STATUS_LABELS = dict(Status.choices)


@dataclass
class Drafts:
    """What someone had typed in the region's forms, drawn back after a live re-fetch or a refused send: the new
    comment (`text`), and the comment being edited (`editing`, its id) with its text (`edit_text`)."""

    text: str = ""
    editing: int | None = None
    edit_text: str | None = None


def drafts_of(request: HttpRequest, *, sent: str = "") -> Drafts:
    """The drafts a request carries (the region's fields, which its re-fetches and the item page's forms send
    along), `sent` ("text" or "edit": the form just saved) left out."""
    data = request.POST if request.method == "POST" else request.GET
    editing = form_int(data.get("editing"))
    return Drafts(
        text="" if sent == "text" else data.get("text", ""),
        editing=None if sent == "edit" else editing,
        edit_text=None if sent == "edit" or editing is None else data.get("edit_text"),
    )


def _describe(event: ItemEvent) -> ItemEvent:
    labels = STATUS_LABELS if event.field in (ItemEvent.Field.STATUS, ItemEvent.Field.CREATED) else {}
    event.old_display = labels.get(event.old_value, event.old_value) or "–"
    event.new_display = labels.get(event.new_value, event.new_value) or "–"
    return event


def discussion_context(
    membership: Membership, item: BacklogItem, *, drafts: Drafts | None = None, error: DomainError | None = None
) -> dict[str, Any]:
    drafts = drafts or Drafts()
    names = member_names(board=membership.board)
    entries = activity(item=item, names=names)
    for entry in entries:
        if entry.event is not None:
            _describe(entry.event)
        else:
            comment: Comment = entry.comment  # type: ignore[assignment]
            comment.may_edit = may_edit(membership, comment)
            comment.may_delete = may_delete(membership, comment)
    return {
        "board": membership.board,
        "item": item,
        "activity": entries,
        "discussion_url": reverse("discussion:region", args=[membership.board.slug, item.pk]),
        "drafts": drafts,
        "discussion_error": error,
        "comment_limit": Comment.TEXT_LIMIT,
        "mention_names": [name for name in names if name != membership.user.get_username()],
    }
