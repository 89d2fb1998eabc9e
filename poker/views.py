"""Poker pages: the session list of a board and the room of one session. Thin: selectors read, services write.

One htmx idiom (docs/pages.md): the round and the queue are partials of the room ("poker/room.html#round"), each
with a URL of its own that htmx re-fetches on live events (a plain visit there goes to the room); a form post answers
htmx with its partial and a plain form with a redirect back to the room, so every action also works without
JavaScript.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from boards.models import NOT_SPLIT, POINT_VALUES, BacklogItem, Membership
from boards.selectors import membership_for
from boards.views.common import answer, form_int, form_ints, list_and_start, region
from poker import deck, presence, selectors, services
from poker.models import PokerSession
from poker.services import DEFAULT_QUEUE_LENGTH, FACILITATOR_ROLES
from scrum_app.errors import DomainError

START_CHOICES = 30


def _room_context(request: HttpRequest, membership: Membership, session: PokerSession, **extra: object) -> dict:
    room = selectors.room(session=session, viewer=request.user)
    suggestion = room.outcome.suggestion if room.outcome else None
    return {
        "board": membership.board,
        "membership": membership,
        "session": session,
        "room": room,
        "cards": [(card, deck.label(card), deck.CARD_HINTS.get(card, "")) for card in deck.CARDS],
        "points": POINT_VALUES,
        # The accept form starts on the suggestion, else on the deck value nearest the median.
        "suggested_points": suggestion
        or (_nearest(room.outcome.median) if room.outcome and room.outcome.median else None),
        "facilitates": membership.role in FACILITATOR_ROLES,
        **extra,
    }


def _nearest(value: float) -> int:
    return min(POINT_VALUES, key=lambda p: (abs(p - value), -p))


def _countdown(raw: str) -> int | None:
    """Empty means no countdown; anything that is not a whole number fails validation in the service."""
    if not raw.strip():
        return None
    number = form_int(raw)
    return -1 if number is None else number


def _session_start(request: HttpRequest, membership: Membership) -> str:
    session = services.session_start(
        acting=membership,
        items=form_ints(request.POST.getlist("items")),
        title=request.POST.get("title", ""),
        facilitator_votes=request.POST.get("facilitator_votes") == "on",
        auto_reveal=request.POST.get("auto_reveal") == "on",
        countdown_seconds=_countdown(request.POST.get("countdown_seconds", "")),
    )
    return _room_url(membership.board.slug, session)


def _list_context(membership: Membership) -> dict[str, object]:
    board = membership.board
    candidates = list(
        BacklogItem.objects.filter(NOT_SPLIT, board=board, points__isnull=True)
        .exclude(status="done")
        .order_by("rank")[:START_CHOICES]
    )
    return {
        "facilitates": membership.role in FACILITATOR_ROLES,
        "sessions": selectors.sessions_of(board=board),
        "candidates": candidates,
        "preselected": {item.pk for item in candidates[:DEFAULT_QUEUE_LENGTH]},
    }


session_list = list_and_start("poker/session_list.html", _session_start, _list_context)


@login_required
@require_GET
def room(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    session = selectors.session_for(membership=membership, session_id=session_id)
    presence.seen(session, request.user)
    return render(request, "poker/room.html", _room_context(request, membership, session))


def _region(partial: str, *, seen: bool) -> Callable[..., HttpResponse]:
    """A view answering htmx with one partial of the room (a plain visit goes to the room itself). `seen`: fetching
    it keeps the viewer present in the room (the round polls when live updates are down)."""

    @login_required
    @require_GET
    def view(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
        membership = membership_for(user=request.user, slug=slug)
        session = selectors.session_for(membership=membership, session_id=session_id)
        # A page whose socket is open is kept present by the socket's heartbeats; its fetches count only while it
        # polls (live.js sends X-Live-State), so a fetch still on its way as the tab closes does not bring it back.
        if seen and request.headers.get("X-Live-State") != "open":
            presence.seen(session, request.user)
        context = _room_context(request, membership, session)
        return region(request, "poker/room.html", partial, context, page_url=_room_url(slug, session))

    return view


round_partial = _region("round", seen=True)
queue_partial = _region("queue", seen=False)


def _room_url(slug: str, session: PokerSession) -> str:
    return reverse("poker:room", kwargs={"slug": slug, "session_id": session.pk})


def _action(partial: str, act: Callable[[HttpRequest, Membership, PokerSession], None]) -> Callable:
    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
        membership = membership_for(user=request.user, slug=slug)
        session = selectors.session_for(membership=membership, session_id=session_id)
        error = None
        try:
            act(request, membership, session)
        except DomainError as exc:
            error = exc
        session.refresh_from_db()
        context = _room_context(request, membership, session, error=error)
        return answer(request, "poker/room.html", partial, context, back=_room_url(slug, session), error=error)

    return view


def _points(request: HttpRequest) -> int:
    number = form_int(request.POST.get("points"))
    return -1 if number is None else number


def _order(request: HttpRequest, session: PokerSession) -> list[int]:
    """The new queue order: an explicit comma list (drag and drop), or one entry moved up (the no-JS button)."""
    if "order" in request.POST:
        return form_ints(request.POST["order"].split(","))
    ids = list(session.entries.filter(state="queued").order_by("position").values_list("pk", flat=True))
    up = form_int(request.POST.get("up")) or 0
    if up in ids and ids.index(up) > 0:
        at = ids.index(up)
        ids[at - 1], ids[at] = ids[at], ids[at - 1]
    return ids


vote = _action("round", lambda r, m, s: services.cast_vote(acting=m, session=s, card=r.POST.get("card", "")))
reveal = _action("round", lambda r, m, s: services.reveal(acting=m, session=s))
revote = _action("round", lambda r, m, s: services.revote(acting=m, session=s))
accept = _action("round", lambda r, m, s: services.accept(acting=m, session=s, points=_points(r)))
next_entry = _action("round", lambda r, m, s: services.next_entry(acting=m, session=s))
observe = _action(
    "round", lambda r, m, s: services.observe(acting=m, session=s, observer=r.POST.get("observer") == "1")
)
reorder = _action("queue", lambda r, m, s: services.queue_reorder(acting=m, session=s, order=_order(r, s)))
quick = _action("queue", lambda r, m, s: services.quick_round_add(acting=m, session=s, title=r.POST.get("title", "")))
