"""Writes of an item's discussion: add a comment, edit it, delete it (docs/discussion.md).

Every member may comment; only its author edits a comment; its author or the board's Scrum Master deletes it. Each
write publishes a board event (`comment.added`, `comment.edited`, `comment.deleted`) after commit, which the item
page's activity re-fetches on, and tells the people it concerns through `_tell_people`.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from boards.events import publish_board
from boards.locks import lock_board
from boards.models import BacklogItem, Membership
from boards.selectors import members_of
from discussion import markdown
from discussion.models import Comment
from discussion.selectors import may_delete, may_edit
from notifications.models import NotificationKind
from notifications.services import notify, notify_watchers, watch
from scrum_app.errors import InvalidInput


def comment_text_check(text: str) -> str:
    """The text as stored: trimmed, not empty, no NUL, at most Comment.TEXT_LIMIT characters (a 400 naming `text`)."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Write something first: a comment cannot be empty."), field="text")
    if "\x00" in text:  # a form can send it; PostgreSQL cannot store it
        raise InvalidInput(_("The text holds a NUL character; remove it."), field="text")
    if len(text) > Comment.TEXT_LIMIT:
        raise InvalidInput(
            _("Keep a comment to %(limit)s characters; this one has %(length)s.")
            % {"limit": Comment.TEXT_LIMIT, "length": len(text)},
            field="text",
        )
    return text


@transaction.atomic
def comment_create(*, acting: Membership, item: BacklogItem, text: str) -> Comment:
    """Add `acting`'s comment at the end of the item's discussion. Any member may."""
    text = comment_text_check(text)
    # The board's lock first, as every write to a board takes it (boards.locks): an item's deletion takes it too, so
    # a comment never lands on an item deleted meanwhile (a 404, not a broken key), and the comment's key on the
    # board never waits for a deletion that waits for the comment (a deadlock).
    lock_board(acting.board_id)
    if not BacklogItem.objects.filter(pk=item.pk, board_id=acting.board_id).exists():
        raise Http404(_("No such item."))
    comment = Comment.objects.create(
        board_id=acting.board_id, item_id=item.pk, author=acting.user, text=text, created_at=timezone.now()
    )
    comment.author, comment.board = acting.user, acting.board
    _tell_people(comment, mentioned_members(comment=comment))
    return comment


def _locked(comment: Comment) -> Comment:
    """The comment under the board's lock and its own (boards.locks's order), as stored; a 404 once deleted."""
    lock_board(comment.board_id)
    found = Comment.objects.select_for_update().filter(pk=comment.pk).first()
    if found is None:  # deleted since the caller read it
        raise Http404(_("No such comment."))
    return found


@transaction.atomic
def comment_edit(*, acting: Membership, comment: Comment, text: str) -> Comment:
    """Change the comment's text; only its author may (403 for anyone else, the Scrum Master too: words are not put
    in someone's mouth). It is shown as edited from then on; only people it newly mentions are told."""
    if not may_edit(acting, comment):
        raise PermissionDenied(_("Only its author can edit a comment."))
    text = comment_text_check(text)
    current = _locked(comment)
    before = current.text
    if text == before:
        return current
    current.text = text
    current.edited_at = timezone.now()
    current.save(update_fields=["text", "edited_at"])
    current.author, current.board = acting.user, acting.board
    _tell_people(current, mentioned_members(comment=current, before=before), edited=True)
    return current


@transaction.atomic
def comment_delete(*, acting: Membership, comment: Comment) -> None:
    """Delete the comment, keeping nothing of it: its author may, and the Scrum Master may delete any (moderation)."""
    if not may_delete(acting, comment):
        raise PermissionDenied(_("Only its author or the Scrum Master can delete a comment."))
    _locked(comment)
    Comment.objects.filter(pk=comment.pk).delete()
    publish_board(acting.board, "comment.deleted", item=comment.item_id, comment=comment.pk)


def mentioned_members(*, comment: Comment, before: str = "") -> list[AbstractBaseUser]:
    """The board's members whom the comment mentions (`@username`, outside code and links), its author aside; on an
    edit, only those that `before` (the text as it was) did not mention already. By username; one query."""
    members = {membership.user.get_username(): membership.user for membership in members_of(board=comment.board)}
    names = markdown.mentioned(comment.text, members=list(members))
    if before:
        names -= markdown.mentioned(before, members=list(members))
    return [members[name] for name in sorted(names) if members[name].pk != comment.author_id]


def _tell_people(comment: Comment, mentioned: list[AbstractBaseUser], *, edited: bool = False) -> None:
    """Everyone who should hear of a new or edited comment is told here, and only here: `comment_create` and
    `comment_edit` call it inside their transaction (whatever it sends leaves after commit).

    - the item page's activity re-fetches on the live event (`comment.added` or `comment.edited`);
    - the members the comment (newly) mentions get a "mention" notification: `mentioned` holds members of the board
      only, never the author (`mentioned_members`). Its key is the comment's, so an edit that mentions someone again
      tells them nothing new;
    - on a new comment, the item's watchers get a "comment" notification, but those mentioned in it, who heard of it
      already; and the author watches the item from now on (commenting watches, as in Jira).

    Nobody is told of their own comment (notify skips the actor).
    """
    event = "comment.edited" if edited else "comment.added"
    publish_board(comment.board, event, item=comment.item_id, comment=comment.pk)
    title = comment.item.title
    about = {"actor": comment.author, "board_id": comment.board_id, "item_id": comment.item_id, "text": title}
    if mentioned:
        notify(kind=NotificationKind.MENTION, recipients=mentioned, key=f"mention:{comment.pk}", **about)
    if not edited:
        notify_watchers(kind=NotificationKind.COMMENT, key=f"comment:{comment.pk}", told=mentioned, **about)
        watch(user=comment.author, item_id=comment.item_id)
