"""Retro pages: the list of a board's retros, the room of one retro (a stage per phase), the export, and the board
page's panel of improvement actions. Thin: selectors read, services write.

One htmx idiom (docs/pages.md): the stage and the wall are partials of the room ("retros/room.html#stage"), each
with a URL of its own that htmx re-fetches on live events (a plain visit there goes to the room). Forms post into the
stage partial (which holds them, so a successful post clears them), votes and ticks into the wall partial; a plain
form is redirected back to the room, so everything works without JavaScript.
"""

import datetime
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from boards.models import Membership, Role
from boards.selectors import membership_for
from boards.views.common import answer, form_int, is_htmx, list_and_start, page, region
from retros import selectors, services
from retros.api.views import markdown_response
from retros.models import Action, Phase, Retro, Template
from scrum_app.errors import Conflict, DomainError, InvalidInput
from sprints.models import Sprint


def _card(raw: str | None) -> int | None:
    """The optional card of an action: none when left empty, refused when it is no card number."""
    if not (raw or "").strip():
        return None
    number = form_int(raw)
    if number is None:
        raise InvalidInput(_("No such card in this retro."), field="card")
    return number


def _room_context(request: HttpRequest, membership: Membership, retro: Retro, **extra: object) -> dict:
    room = selectors.room(retro=retro, viewer=request.user)
    later = [phase for phase in Phase if phase.step > retro.step]
    # One reverse() per page, not two per card and action: each card's and action's form posts below these.
    cards_url = reverse("retros:vote", args=[membership.board.slug, retro.pk, 0]).removesuffix("0/vote/")
    actions_url = reverse("retros:action-done", args=[membership.board.slug, retro.pk, 0]).removesuffix("0/done/")
    return {
        "board": membership.board,
        "membership": membership,
        "retro": retro,
        "room": room,
        "phases": list(Phase),
        "next_phase": later[0] if later else None,
        "facilitates": membership.role == Role.SCRUM_MASTER,
        "cards_url": cards_url,
        "actions_url": actions_url,
        **extra,
    }


def _retro_open(request: HttpRequest, membership: Membership) -> str:
    retro = services.retro_open(
        acting=membership,
        sprint=form_int(request.POST.get("sprint")) or -1,
        template=request.POST.get("template", Template.PLUSES_MINUSES_ACTIONS),
        hidden=request.POST.get("hidden") == "on",
    )
    return _room_url(membership.board.slug, retro)


def _list_context(membership: Membership) -> dict[str, object]:
    retros = list(selectors.retros_of(board=membership.board))
    taken = {retro.sprint_id for retro in retros}
    sprints = [s for s in Sprint.objects.filter(board=membership.board).order_by("-number") if s.pk not in taken]
    return {
        "retros": retros,
        "sprints": sprints,
        "templates": Template.choices,
        "facilitates": membership.role == Role.SCRUM_MASTER,
    }


retro_list = list_and_start("retros/retro_list.html", _retro_open, _list_context)


def _room_url(slug: str, retro: Retro) -> str:
    return reverse("retros:room", kwargs={"slug": slug, "retro_id": retro.pk})


@login_required
@require_GET
def room(request: HttpRequest, slug: str, retro_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    retro = selectors.retro_for(membership=membership, retro_id=retro_id)
    return render(request, "retros/room.html", _room_context(request, membership, retro))


@login_required
@require_GET
def wall(request: HttpRequest, slug: str, retro_id: int) -> HttpResponse:
    """The wall, re-fetched on cards, votes and actions; a plain visit goes to the room."""
    membership = membership_for(user=request.user, slug=slug)
    retro = selectors.retro_for(membership=membership, retro_id=retro_id)
    context = _room_context(request, membership, retro)
    return region(request, "retros/room.html", "wall", context, page_url=_room_url(slug, retro))


@login_required
@require_GET
def stage(request: HttpRequest, slug: str, retro_id: int) -> HttpResponse:
    """The stage, re-fetched on `retro.phase`. It holds the forms: when the page already shows the current phase
    (`?phase=`), the answer is 204 and htmx leaves the stage alone, so a card being typed survives the refreshes that
    follow one's own move. A plain visit goes to the room."""
    membership = membership_for(user=request.user, slug=slug)
    retro = selectors.retro_for(membership=membership, retro_id=retro_id)
    if is_htmx(request) and request.GET.get("phase") == retro.phase:
        response = HttpResponse(status=204)
        patch_vary_headers(response, ("HX-Request",))
        return response
    context = _room_context(request, membership, retro)
    return region(request, "retros/room.html", "stage", context, page_url=_room_url(slug, retro))


def _action(partial: str, act: Callable[[HttpRequest, Membership, Retro], object]) -> Callable:
    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str, retro_id: int, **ids: int) -> HttpResponse:
        membership = membership_for(user=request.user, slug=slug)
        retro = selectors.retro_for(membership=membership, retro_id=retro_id)
        error = None
        try:
            act(request, membership, retro, **ids)
        except DomainError as exc:
            error = exc
        retro = selectors.retro_for(membership=membership, retro_id=retro_id)
        draft = request.POST if error else {}
        context = _room_context(request, membership, retro, error=error, error_at=partial, draft=draft)
        if error and partial == "stage":
            # The stage's forms keep what was typed: a plain post gets the whole room back with it, at the status.
            return page(request, "retros/room.html", partial, context, status=error.status_code)
        back = _room_url(slug, retro)
        return answer(request, "retros/room.html", partial, context, back=back, error=error)

    return view


def _due(raw: str | None) -> datetime.date | None:
    if not (raw or "").strip():
        return None
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(_("The due date is a date (YYYY-MM-DD)."), field="due") from None


def _typed(request: HttpRequest, *fields: str) -> dict[str, str]:
    """The text fields of a posted form, each empty when left out."""
    return {field: request.POST.get(field, "") for field in fields}


def _board_action(membership: Membership, action_id: int) -> Action:
    action = Action.objects.filter(pk=action_id, board_id=membership.board_id).first()
    if action is None:
        raise Http404(_("No such action on this board."))
    return action


phase = _action(
    "stage", lambda r, m, retro: services.retro_phase_move(acting=m, retro=retro, phase=r.POST.get("phase") or None)
)
card_add = _action(
    "stage",
    lambda r, m, retro: services.card_add(
        acting=m, retro=retro, **_typed(r, "column", "text"), anonymous=r.POST.get("anonymous") == "on"
    ),
)
vote_cast = _action(
    "wall",
    lambda r, m, retro, card_id: services.vote_cast(
        acting=m, retro=retro, card_id=selectors.card_for(retro=retro, card_id=card_id).pk
    ),
)
vote_withdraw = _action(
    "wall",
    lambda r, m, retro, card_id: services.vote_withdraw(
        acting=m, retro=retro, card_id=selectors.card_for(retro=retro, card_id=card_id).pk
    ),
)
action_add = _action(
    "stage",
    lambda r, m, retro: services.action_add(
        acting=m, retro=retro, **_typed(r, "text", "owner"), card=_card(r.POST.get("card")), due=_due(r.POST.get("due"))
    ),
)
action_done = _action(
    "wall",
    lambda r, m, retro, action_id: services.action_mark(
        acting=m,
        action=_board_action(m, action_id),
        done=r.POST.get("done", "1") == "1",
        version=form_int(r.POST.get("version")),  # the one the page showed: a change since is not undone
    ),
)
action_carry = _action(
    "wall",
    lambda r, m, retro, action_id: services.action_carry(acting=m, retro=retro, action=_board_action(m, action_id)),
)


@login_required
@require_GET
def export(request: HttpRequest, slug: str, retro_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    retro = selectors.retro_for(membership=membership, retro_id=retro_id)
    if not retro.closed:
        error = Conflict(_("Only a closed retro is exported; close it first."))
        context = _room_context(request, membership, retro, error=error)
        return render(request, "retros/room.html", context, status=409)
    return markdown_response(retro)


# --- the board page's panel ---------------------------------------------------------------------------------------


def _panel_context(membership: Membership, **extra: object) -> dict[str, object]:
    return {"board": membership.board, "actions": selectors.open_actions(board=membership.board), **extra}


@login_required
@require_GET
def improvement_actions(request: HttpRequest, slug: str) -> HttpResponse:
    """The panel alone, re-fetched on `retro.action`; a plain visit goes to the board page that shows it."""
    membership = membership_for(user=request.user, slug=slug)
    context = _panel_context(membership)
    page_url = reverse("scrum_board", args=[slug])
    return region(request, "retros/_improvement_actions.html", "panel", context, page_url=page_url)


@login_required
@require_POST
def improvement_action_done(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    """Tick an improvement action done from the board page."""
    membership = membership_for(user=request.user, slug=slug)
    action = _board_action(membership, action_id)
    error = None
    try:
        services.action_mark(acting=membership, action=action, done=True, version=form_int(request.POST.get("version")))
    except DomainError as exc:
        error = exc
    context = _panel_context(membership, error=error)
    back = reverse("scrum_board", args=[slug])
    return answer(request, "retros/_improvement_actions.html", "panel", context, back=back, error=error)
