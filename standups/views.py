"""Stand-up pages: today's stand-up, the sprint's history and the blockers panel. Thin: selectors read, services write.

One htmx idiom (docs/pages.md): an htmx request gets the partial it swaps ("standups/standup.html#entries"); a plain
visit gets the whole page and a plain form post is redirected back, so every action also works without JavaScript.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from boards.models import Membership, Role
from boards.selectors import membership_for
from boards.views.common import answer, is_htmx, page, region, return_to
from scrum_app.errors import DomainError, InvalidInput
from sprints import charts
from sprints.selectors import active_sprint, sprint_burndown, sprint_for
from standups import selectors, services
from standups.forms import EntryForm
from standups.templatetags.standups_tags import panel_context


def _context(membership: Membership, **extra: object) -> dict[str, object]:
    """Today's stand-up as the member sees it; `day` is None when today is no working day of an active sprint."""
    board = membership.board
    today = board.today()
    sprint = active_sprint(board=board)
    day, closed_reason = None, ""
    if sprint is None:
        closed_reason = _("No sprint is active: stand-ups happen during a sprint.")
    else:
        sprint.board = board
        try:
            selectors.sprint_day(board=board, day=today)
        except InvalidInput:
            closed_reason = _("Today (%(day)s) is not a working day of Sprint %(number)s.") % {
                # Russian leaves the weekday out: its name would be capitalised mid-sentence.
                "day": date_format(today, pgettext("date in a sentence", "l j F")),
                "number": sprint.number,
            }
        else:
            day = selectors.standup_day(board=board, sprint=sprint, day=today)
    context = {
        "board": board,
        "membership": membership,
        "today": today,
        "sprint": sprint,
        "day": day,
        "closed_reason": closed_reason,
        "my_entry": day.entry_of(membership.user) if day else None,
        "is_sm": membership.role == Role.SCRUM_MASTER,
        **extra,
    }
    context.setdefault("entry_form", EntryForm(entry=context["my_entry"]))
    return context


def _burndown_context(membership: Membership) -> dict[str, object]:
    sprint = active_sprint(board=membership.board)
    if sprint is None:
        return {"board": membership.board, "sprint": None}
    sprint.board = membership.board
    burndown = sprint_burndown(sprint=sprint)
    return {"board": membership.board, "sprint": sprint, "burndown": burndown, "chart": charts.burndown_chart(burndown)}


@login_required
@require_GET
def standup_today(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    return render(request, "standups/standup.html", {**_context(membership), **_burndown_context(membership)})


def _partial(name: str, make_context: Callable[[Membership], dict[str, object]]) -> Callable[..., HttpResponse]:
    """A view answering htmx with one partial of the stand-up page (a plain visit goes to the whole page)."""

    @login_required
    @require_GET
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        membership = membership_for(user=request.user, slug=slug)
        page_url = reverse("standups:today", args=[slug])
        return region(request, "standups/standup.html", name, make_context(membership), page_url=page_url)

    return view


entries_partial = _partial("entries", _context)
timebox_partial = _partial("timebox", _context)
burndown_partial = _partial("burndown", _burndown_context)


def _answer(request: HttpRequest, slug: str, partial: str, error: DomainError | None, context: dict) -> HttpResponse:
    """After a form post: htmx gets the partial (with the error, if any); a plain form goes back to the page."""
    back = reverse("standups:today", args=[slug])
    return answer(request, "standups/standup.html", partial, context, back=back, error=error)


@login_required
@require_POST
def entry_save(request: HttpRequest, slug: str) -> HttpResponse:
    """Save my entry for today; the form comes back with the saved answers, or with the error and what I typed."""
    membership = membership_for(user=request.user, slug=slug)
    today = membership.board.today()
    # Only the answers this person changed are saved, and only onto the version they saw.
    form = EntryForm(request.POST)
    form.is_valid()  # any text passes; the service checks it
    status = form.save_edits(
        lambda **answers: services.standup_entry_save(acting=membership, day=today, **answers),
        current=lambda: _entry_as_stored(membership, today),
    )
    if status == 200:
        return _answer(request, slug, "entry_form", None, _context(membership, saved=True))
    # Refused: the form again with what was typed, in the region (htmx) or the whole page.
    context = _context(membership, entry_form=form)
    if not is_htmx(request):
        context.update(_burndown_context(membership))
    return page(request, "standups/standup.html", "entry_form", context, status=status)


def _entry_as_stored(membership: Membership, today: datetime.date) -> tuple[dict[str, Any], int]:
    entry = selectors.entry_of(board=membership.board, day=today, user=membership.user)
    return EntryForm.initial_for(entry), entry.version


@login_required
@require_POST
def timebox_start(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    error = None
    try:
        services.timebox_start(acting=membership, day=membership.board.today())
    except DomainError as exc:
        error = exc
    return _answer(request, slug, "timebox", error, _context(membership, timer_error=error))


@login_required
@require_GET
def blockers_panel(request: HttpRequest, slug: str) -> HttpResponse:
    """The open-blockers panel, which the stand-up page and the board page include (`{% open_blockers board %}`)."""
    membership = membership_for(user=request.user, slug=slug)
    page_url = reverse("standups:today", args=[slug])
    return region(request, "standups/_open_blockers.html", None, panel_context(membership.board), page_url=page_url)


@login_required
@require_POST
def blocker_resolve(request: HttpRequest, slug: str, blocker_id: int) -> HttpResponse:
    """Anyone on the board resolves a blocker; htmx gets the panel back, a plain form goes back where it came from."""
    membership = membership_for(user=request.user, slug=slug)
    blocker = selectors.blocker_for(board=membership.board, blocker_id=blocker_id)
    back = return_to(request, reverse("scrum_board", args=[slug]))
    error = None
    try:
        services.blocker_resolve(acting=membership, blocker=blocker)
    except DomainError as exc:
        error = exc
    context = panel_context(membership.board, error=error)
    return answer(request, "standups/_open_blockers.html", None, context, back=back, error=error)


@login_required
@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    """The stand-ups of a sprint by date: the active one, or `?sprint=<number>`."""
    membership = membership_for(user=request.user, slug=slug)
    board = membership.board
    number = request.GET.get("sprint")
    sprint = sprint_for(board=board, number=number) if number else active_sprint(board=board)
    days = selectors.sprint_history(board=board, sprint=sprint, today=board.today()) if sprint else []
    return render(request, "standups/history.html", {"board": board, "sprint": sprint, "days": days})
