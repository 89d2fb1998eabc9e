"""The item page's Watch / Unwatch button: a watcher hears of the item's status changes and comments (notifications).
Every member may; a plain form post, answered with the item's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boards.selectors import item_for_board, membership_for
from notifications import services as notification_services


@login_required
@require_POST
def item_watch(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    item = item_for_board(board=membership.board, item_id=item_id)
    if request.POST.get("watch") == "1":
        notification_services.watch(user=request.user, item_id=item.pk)
        messages.success(request, _("You are watching this item: its status changes and comments notify you."))
    else:
        notification_services.unwatch(user=request.user, item_id=item.pk)
        messages.success(request, _("You no longer watch this item."))
    return redirect("boards:item", slug=slug, item_id=item.pk)
