"""Retro pages: the list of a board's retros, the room of one retro (a stage per phase), the export, and the board
page's panel of improvement actions. Thin: selectors read, services write.

An htmx request gets the partial it swaps; a plain form post is redirected back, so everything works without
JavaScript. Forms post into the stage partial (which holds them, so a successful post clears them), votes and ticks
into the wall partial.
"""

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boards.models import Membership, Role
from boards.selectors import membership_for
from boards.views.common import form_int
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


@login_required
@require_http_methods(["GET", "POST"])
def retro_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    board = membership.board
    error = None
    if request.method == "POST":
        try:
            retro = services.retro_open(
                acting=membership,
                sprint=form_int(request.POST.get("sprint")) or -1,
                template=request.POST.get("template", Template.PLUSES_MINUSES_ACTIONS),
                hidden=request.POST.get("hidden") == "on",
            )
        except DomainError as exc:
            error = exc
        else:
            return redirect("retros:room", slug=slug, retro_id=retro.pk)
    retros = list(selectors.retros_of(board=board))
    taken = {retro.sprint_id for retro in retros}
    sprints = [s for s in Sprint.objects.filter(board=board).order_by("-number") if s.pk not in taken]
    return render(
        request,
        "retros/retro_list.html",
        {
            "board": board,
            "membership": membership,
            "retros": retros,
            "sprints": sprints,
            "templates": Template.choices,
            "facilitates": membership.role == Role.SCRUM_MASTER,
            "error": error,
        },
        status=error.status_code if error else 200,
    )


def _partial_view(partial: str) -> Callable:
    @login_required
    @require_GET
    def view(request: HttpRequest, slug: str, retro_id: int) -> HttpResponse:
        membership = membership_for(user=request.user, slug=slug)
        retro = selectors.retro_for(membership=membership, retro_id=retro_id)
        template = "retros/room.html" + (f"#{partial}" if partial else "")
        return render(request, template, _room_context(request, membership, retro))

    return view


room = _partial_view("")
wall = _partial_view("wall")


@login_required
@require_GET
def stage(request: HttpRequest, slug: str, retro_id: int) -> HttpResponse:
    """The stage, re-fetched on `retro.phase`. It holds the forms: when the page already shows the current phase
    (`?phase=`), the answer is 204 and htmx leaves the stage alone, so a card being typed survives the refreshes that
    follow one's own move."""
    membership = membership_for(user=request.user, slug=slug)
    retro = selectors.retro_for(membership=membership, retro_id=retro_id)
    if request.GET.get("phase") == retro.phase:
        return HttpResponse(status=204)
    return render(request, "retros/room.html#stage", _room_context(request, membership, retro))


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
        if request.htmx:
            draft = request.POST if error else {}
            context = _room_context(request, membership, retro, error=error, error_at=partial, draft=draft)
            return render(request, f"retros/room.html#{partial}", context, status=error.status_code if error else 200)
        if error:
            messages.error(request, error.message)
        return redirect("retros:room", slug=slug, retro_id=retro.pk)

    return view


def _due(raw: str | None) -> datetime.date | None:
    if not (raw or "").strip():
        return None
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(_("The due date is a date (YYYY-MM-DD)."), field="due") from None


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
        acting=m,
        retro=retro,
        column=r.POST.get("column", ""),
        text=r.POST.get("text", ""),
        anonymous=r.POST.get("anonymous") == "on",
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
        acting=m,
        retro=retro,
        text=r.POST.get("text", ""),
        owner=r.POST.get("owner", ""),
        card=_card(r.POST.get("card")),
        due=_due(r.POST.get("due")),
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


def _panel(request: HttpRequest, membership: Membership, status: int = 200, **extra: object) -> HttpResponse:
    context = {"board": membership.board, "actions": selectors.open_actions(board=membership.board), **extra}
    return render(request, "retros/_improvement_actions.html#panel", context, status=status)


@login_required
@require_GET
def improvement_actions(request: HttpRequest, slug: str) -> HttpResponse:
    return _panel(request, membership_for(user=request.user, slug=slug))


@login_required
@require_POST
def improvement_action_done(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    """Tick an improvement action done from the board page."""
    membership = membership_for(user=request.user, slug=slug)
    action = _board_action(membership, action_id)
    try:
        services.action_mark(acting=membership, action=action, done=True, version=form_int(request.POST.get("version")))
    except DomainError as exc:
        if request.htmx:
            return _panel(request, membership, status=exc.status_code, error=exc)
        messages.error(request, exc.message)
    if request.htmx:
        return _panel(request, membership)
    return redirect(reverse("scrum_board", args=[slug]))
