"""Splitting an item from a page (boards.services.item_split): from the item's own page here, from a card of the
refinement page in boards.views.refinement. Both read the same form, one title per line."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boards import services
from boards.forms import SplitForm
from boards.models import BacklogItem, Membership
from boards.selectors import item_for_board, members_of, membership_for, require_role
from boards.views.common import error_response, is_htmx
from boards.views.items import _detail_page, item_form
from scrum_app.errors import DomainError, InvalidInput


def split_posted(
    request: HttpRequest, slug: str, item_id: int
) -> tuple[Membership, BacklogItem, SplitForm, DomainError | None, str]:
    """Split the item into the titles posted, for the Product Owner or the Scrum Master: the caller's membership, the
    item, the form (with its errors), a refusal, and on success what to say."""
    membership = membership_for(user=request.user, slug=slug)
    require_role(membership, *services.BACKLOG_ORDER_ROLES, action=_("split items"))
    item = item_for_board(board=membership.board, item_id=item_id)
    form = SplitForm(request.POST, auto_id=f"split{item.pk}_%s")
    if not form.is_valid():
        return membership, item, form, None, ""
    try:
        parts = services.item_split(acting=membership, item=item, titles=form.titles_list())
    except InvalidInput as error:
        form.add_error("titles", error.message)
        return membership, item, form, None, ""
    except DomainError as error:
        return membership, item, form, error, ""
    said = ", ".join(f"#{part.pk} {part.title}" for part in parts)
    return membership, item, form, None, _("Split #%(id)s into %(parts)s.") % {"id": item.pk, "parts": said}


@login_required
@require_POST
def item_split(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Split an item from its own page, which then shows it split, with links to its parts."""
    membership, item, form, error, note = split_posted(request, slug, item_id)
    back = reverse("boards:item", args=[slug, item.pk])
    if note and not is_htmx(request):
        messages.success(request, note)
        return redirect(back)
    if error and not is_htmx(request):
        return error_response(request, error, back=back)
    item = item_for_board(board=membership.board, item_id=item.pk)
    members = list(members_of(board=membership.board))
    return _detail_page(
        request,
        membership,
        item,
        item_form(membership.board, members, item=item),
        status=error.status_code if error else (200 if note else 400),
        note=note,
        split_form=None if note else form,
        split_error=error,
    )
