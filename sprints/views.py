"""Sprint pages: list, planning, detail with the burndown, velocity. Thin: access through selectors, writes through
services, and htmx requests get only the named partial (docs/pages.md, "One htmx idiom")."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from boards.models import Membership, Role
from boards.selectors import membership_for
from boards.views.common import answer, form_ints, page, region
from scrum_app.errors import DomainError
from scrum_app.forms import VersionedForm
from sprints import charts, selectors, services
from sprints.models import Sprint, SprintState
from sprints.plan_rows import plan_rows


class SprintForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=100)
    goal = forms.CharField(
        label=gettext_lazy("Goal"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The date input shows an ISO value only: rendered in the page's language, Russian's 04.12.2026 would be empty.
    start_date = forms.DateField(
        label=gettext_lazy("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.DateField(
        label=gettext_lazy("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class SprintEditForm(VersionedForm, SprintForm):
    """A sprint's name, goal and dates, saved from the version the form was rendered with (only those changed)."""

    def values(self) -> dict[str, Any]:
        # An emptied date is no date given: the sprint keeps its own.
        return {name: value for name, value in super().values().items() if value is not None}

    @staticmethod
    def initial_for(sprint: Sprint) -> dict[str, Any]:
        return {"name": sprint.name, "goal": sprint.goal, "start_date": sprint.start_date, "end_date": sprint.end_date}


def _can_plan(membership: Membership) -> bool:
    return membership.role in services.PLANNING_ROLES


def _is_sm(membership: Membership) -> bool:
    return membership.role == Role.SCRUM_MASTER


def _item_ids(request: HttpRequest) -> list[int]:
    return form_ints(request.POST.getlist("items"))


@login_required
@require_GET
def sprint_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    context = {
        "board": membership.board,
        "membership": membership,
        "sprints": selectors.sprints_of(board=membership.board),
        "can_plan": _can_plan(membership),
        "form": SprintForm(),
    }
    return render(request, "sprints/sprint_list.html", context)


@login_required
@require_POST
def sprint_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    form = SprintForm(request.POST)
    if form.is_valid():
        try:
            sprint = services.sprint_create(acting=membership, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("sprints:plan", slug=slug, number=sprint.number)
    context = {
        "board": membership.board,
        "membership": membership,
        "sprints": selectors.sprints_of(board=membership.board),
        "can_plan": _can_plan(membership),
        "form": form,
    }
    return render(request, "sprints/sprint_list.html", context, status=400)


def _detail_context(membership: Membership, sprint: Sprint) -> dict[str, object]:
    burndown = selectors.sprint_burndown(sprint=sprint)
    return {
        "board": membership.board,
        "membership": membership,
        "sprint": sprint,
        "items": selectors.sprint_items(sprint=sprint),
        "burndown": burndown,
        "chart": charts.burndown_chart(burndown),
        "next_sprint": selectors.next_planned_sprint(sprint=sprint) if sprint.state == SprintState.ACTIVE else None,
        "can_plan": _can_plan(membership) and sprint.state != SprintState.CLOSED,
        "is_sm": _is_sm(membership),
    }


@login_required
@require_GET
def sprint_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    sprint = selectors.sprint_for(board=membership.board, number=number)
    return render(request, "sprints/sprint_detail.html", _detail_context(membership, sprint))


@login_required
@require_GET
def sprint_burndown(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The burndown chart alone: what htmx (and the live updates) swap in."""
    membership = membership_for(user=request.user, slug=slug)
    sprint = selectors.sprint_for(board=membership.board, number=number)
    page_url = reverse("sprints:detail", args=[slug, number])
    return region(
        request, "sprints/sprint_detail.html", "burndown", _detail_context(membership, sprint), page_url=page_url
    )


@login_required
@require_POST
def sprint_start(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _detail_action(request, slug, number, services.sprint_start, done=_("Sprint %(number)s started."))


@login_required
@require_POST
def sprint_close(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    close = partial(services.sprint_close, unfinished=request.POST.get("unfinished", "backlog"))
    return _detail_action(request, slug, number, close, done=_("Sprint %(number)s closed."))


def _detail_action(
    request: HttpRequest, slug: str, number: int, act: Callable[..., object], *, done: str
) -> HttpResponse:
    """A button on the sprint page: the service `act(acting=…, sprint=…)`, then the message `done` and back to the
    page; a refusal shows the page again with its message, at its status."""
    membership = membership_for(user=request.user, slug=slug)
    sprint = selectors.sprint_for(board=membership.board, number=number)
    try:
        act(acting=membership, sprint=sprint)
    except DomainError as error:
        messages.error(request, error.message)
        return _back_to(request, "sprints:detail", slug, number, status=error.status_code)
    messages.success(request, done % {"number": sprint.number})
    return _back_to(request, "sprints:detail", slug, number)


def _back_to(request: HttpRequest, name: str, slug: str, number: int, *, status: int = 302) -> HttpResponse:
    """After a form post: redirect on success; on a refusal, show the page again with the message and the 4xx."""
    if status == 302:
        return redirect(name, slug=slug, number=number)
    membership = membership_for(user=request.user, slug=slug)
    sprint = selectors.sprint_for(board=membership.board, number=number)
    return render(request, "sprints/sprint_detail.html", _detail_context(membership, sprint), status=status)


# --- planning ---------------------------------------------------------------------------------------------------


def _plan_context(
    request: HttpRequest, membership: Membership, sprint: Sprint, form: SprintEditForm | None = None
) -> dict[str, object]:
    plan = selectors.planning(sprint=sprint)
    can_plan = _can_plan(membership) and sprint.state != SprintState.CLOSED
    rows = partial(plan_rows, sprint=sprint, slug=membership.board.slug, can_plan=can_plan, csrf=csrf_input(request))
    return {
        "board": membership.board,
        "membership": membership,
        "sprint": sprint,
        "plan": plan,
        "backlog_rows": rows(plan.backlog, adds=True),
        "sprint_rows": rows(plan.items, adds=False),
        "can_plan": can_plan,
        "form": form or SprintEditForm(initial={**SprintEditForm.initial_for(sprint), "version": sprint.version}),
    }


@login_required
@require_GET
def sprint_plan(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    sprint = selectors.sprint_for(board=membership.board, number=number)
    return render(request, "sprints/sprint_plan.html", _plan_context(request, membership, sprint))


def _plan_change(request: HttpRequest, slug: str, number: int, *, add: bool) -> HttpResponse:
    """Add or take items out: htmx gets the planning region as it now is; a plain form goes back to the page. A
    refusal is shown inside the region (the whole page without JavaScript), at its 400 or 409."""
    membership = membership_for(user=request.user, slug=slug)
    sprint = selectors.sprint_for(board=membership.board, number=number)
    change = services.sprint_add_items if add else services.sprint_remove_items
    try:
        change(acting=membership, sprint=sprint, item_ids=_item_ids(request))
    except DomainError as error:
        context = {**_plan_context(request, membership, sprint), "error": error.message}
        return page(request, "sprints/sprint_plan.html", "planning", context, status=error.status_code)
    back = reverse("sprints:plan", kwargs={"slug": slug, "number": number})
    return answer(
        request, "sprints/sprint_plan.html", "planning", _plan_context(request, membership, sprint), back=back
    )


@login_required
@require_POST
def sprint_plan_add(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _plan_change(request, slug, number, add=True)


@login_required
@require_POST
def sprint_plan_remove(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _plan_change(request, slug, number, add=False)


@login_required
@require_POST
def sprint_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    sprint = selectors.sprint_for(board=membership.board, number=number)
    # Only the fields this person changed are saved, and only onto the version they saw.
    form = SprintEditForm(request.POST)
    status = 400
    if form.is_valid():
        status = form.save_edits(
            lambda **fields: services.sprint_update(acting=membership, sprint=sprint, **fields),
            current=lambda: _sprint_as_stored(membership, number),
        )
        if status == 200:
            messages.success(request, _("Sprint saved."))
            return redirect("sprints:plan", slug=slug, number=number)
        sprint = selectors.sprint_for(board=membership.board, number=number)
    return render(request, "sprints/sprint_plan.html", _plan_context(request, membership, sprint, form), status=status)


def _sprint_as_stored(membership: Membership, number: int) -> tuple[dict[str, Any], int]:
    sprint = selectors.sprint_for(board=membership.board, number=number)
    return SprintEditForm.initial_for(sprint), sprint.version


# --- reports ----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def velocity(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    result = selectors.velocity(board=membership.board)
    context = {"board": membership.board, "velocity": result, "chart": charts.velocity_chart(result)}
    return render(request, "sprints/velocity.html", context)


@login_required
@require_GET
def backlog_health(request: HttpRequest, slug: str) -> HttpResponse:
    """The backlog health widget alone, for htmx refreshes; the backlog page includes it with a template tag."""
    membership = membership_for(user=request.user, slug=slug)
    context = {"board": membership.board, "health": selectors.backlog_health(board=membership.board)}
    page_url = reverse("boards:backlog", args=[slug])
    return region(request, "sprints/_backlog_health.html", None, context, page_url=page_url)
