"""The item page's discussion region: re-fetched live, and where its forms post (add a comment; edit or delete one).

Each form posts with htmx too and gets the region back ("discussion/_discussion.html"); a plain post goes back to the
item's page (docs/pages.md, "One htmx idiom"). What is typed in the region travels with every re-fetch and answer
(the region's `hx-include`) and is drawn back, so a live refresh or another form's answer never loses a draft.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from boards.selectors import item_for_board, membership_for
from boards.views.common import answer, region
from discussion import services
from discussion.blocks import discussion_context, drafts_of
from discussion.selectors import comment_for_item
from scrum_app.errors import DomainError, InvalidInput

TEMPLATE = "discussion/_discussion.html"


@login_required
@require_http_methods(["GET", "POST"])
def discussion_region(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """GET: the region (re-fetched live; `?editing=<id>` opens that comment's edit form). POST `text`: comment."""
    membership = membership_for(user=request.user, slug=slug)
    item = item_for_board(board=membership.board, item_id=item_id)
    back = reverse("boards:item", args=[slug, item.pk]) + "#item-discussion"
    if request.method == "GET":
        context = discussion_context(membership, item, drafts=drafts_of(request))
        return region(request, TEMPLATE, None, context, page_url=back)
    error = None
    try:
        services.comment_create(acting=membership, item=item, text=request.POST.get("text", ""))
    except DomainError as refused:
        error = refused
    context = discussion_context(membership, item, drafts=drafts_of(request, sent="" if error else "text"), error=error)
    return answer(request, TEMPLATE, None, context, back=back, error=error)


@login_required
@require_http_methods(["POST"])
def comment_change(request: HttpRequest, slug: str, item_id: int, comment_id: int) -> HttpResponse:
    """POST `action=save` with `edit_text` (the author), or `action=delete` (the author or the Scrum Master)."""
    membership = membership_for(user=request.user, slug=slug)
    item = item_for_board(board=membership.board, item_id=item_id)
    comment = comment_for_item(item=item, comment_id=comment_id)
    back = reverse("boards:item", args=[slug, item.pk]) + f"#comment-{comment.pk}"
    action = request.POST.get("action", "")
    error = None
    try:
        if action == "save":
            services.comment_edit(acting=membership, comment=comment, text=request.POST.get("edit_text", ""))
        elif action == "delete":
            services.comment_delete(acting=membership, comment=comment)
        else:
            raise InvalidInput(_("Unknown change %(action)r.") % {"action": action}, field="action")
    except DomainError as refused:
        error = refused
    drafts = drafts_of(request, sent="edit" if action == "save" and not error else "")
    context = discussion_context(membership, item, drafts=drafts, error=error)
    return answer(request, TEMPLATE, None, context, back=back, error=error)
