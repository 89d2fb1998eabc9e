"""The Jira import page: upload Jira's CSV, look at what it would do (the preview: counts, the rows, the warnings,
and a choice for each status Jira names its own way), then import it. The Product Owner and the Scrum Master only;
other members see who may, outsiders get 404."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from boards.models import Kind, Membership, Status
from boards.selectors import membership_for, require_role
from scrum_app.errors import DomainError, InvalidInput
from transfer import selectors, services
from transfer.board_import import board_import
from transfer.jira.plan import ImportPlan

TEMPLATE = "transfer/jira_import.html"
PREVIEW_ROWS = 100


def _context(membership: Membership, **extra: Any) -> dict[str, Any]:
    return {
        "board": membership.board,
        "membership": membership,
        "imports": membership.role in services.IMPORT_ROLES,
        "statuses": Status.choices,
        **extra,
    }


def _chosen_statuses(request: HttpRequest) -> dict[str, str]:
    """The preview's status choices, posted as `status:<Jira name>` = one of the board's statuses."""
    return {
        name.removeprefix("status:"): value
        for name, value in request.POST.items()
        if name.startswith("status:") and value in Status.values
    }


def _shown(plan: ImportPlan) -> list[dict[str, Any]]:
    """The preview's first rows, as the board will show them."""
    actions = {"create": _("new"), "update": _("updated"), "skip": _("unchanged")}
    return [
        {
            "row": planned.row,
            "key": planned.key,
            "title": planned.values["title"],
            "kind": Kind(planned.values["kind"]).label,
            "status": Status(planned.values["status"]).label,
            "points": planned.values["points"],
            "assignee": getattr(planned.values["assignee"], "username", ""),
            "action": actions[planned.action],
        }
        for planned in plan.items[:PREVIEW_ROWS]
    ]


@login_required
@require_http_methods(["GET", "POST"])
def jira_import(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the upload form. POST: the upload, answered with its preview (or the refusal, naming the row)."""
    membership = membership_for(user=request.user, slug=slug)
    if request.method == "GET":
        return render(request, TEMPLATE, _context(membership))
    require_role(membership, *services.IMPORT_ROLES, action=_("import a backlog"))
    upload = request.FILES.get("file")
    if upload is None:
        error = InvalidInput(_("Choose Jira's CSV file to upload."), field="file")
        return render(request, TEMPLATE, _context(membership, error=error), status=400)
    data = upload.read(services.MAX_BYTES + 1)
    try:
        plan = selectors.plan_of(acting=membership, data=data)
        pending = services.pending_keep(acting=membership, name=upload.name or "", data=data)
    except DomainError as error:
        return render(request, TEMPLATE, _context(membership, error=error), status=error.status_code)
    return render(
        request,
        TEMPLATE,
        _context(
            membership,
            pending=pending,
            plan=plan,
            rows=_shown(plan),
            plan_created=plan.count("create"),
            plan_updated=plan.count("update"),
            plan_skipped=plan.count("skip"),
        ),
    )


@login_required
@require_POST
def jira_import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """Import the previewed upload with the statuses as chosen; the answer says what was done."""
    membership = membership_for(user=request.user, slug=slug)
    require_role(membership, *services.IMPORT_ROLES, action=_("import a backlog"))
    pending = selectors.pending_for(acting=membership, pending_id=request.POST.get("upload"))
    try:
        result = services.pending_import(acting=membership, pending=pending, status_map=_chosen_statuses(request))
    except DomainError as error:
        return render(request, TEMPLATE, _context(membership, error=error), status=error.status_code)
    return render(request, TEMPLATE, _context(membership, result=result))


@login_required
@require_http_methods(["GET", "POST"])
def board_import_page(request: HttpRequest) -> HttpResponse:
    """A new board from a board export (the settings page's "Export the board"): GET the form, POST the file."""
    template = "transfer/board_import.html"
    if request.method == "GET":
        return render(request, template, {})
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise InvalidInput(_("Choose a board export (a .json file) to upload."), field="file")
        try:
            data = json.loads(upload.read(services.MAX_BYTES + 1))
        except (ValueError, UnicodeDecodeError):
            raise InvalidInput(_("This file is not JSON: choose a board export."), field="file") from None
        done = board_import(acting=request.user, data=data)
    except DomainError as error:
        return render(request, template, {"error": error}, status=error.status_code)
    messages.success(request, _("Board %(name)s imported.") % {"name": done.board.name})
    for warning in done.warnings:
        messages.warning(request, warning)
    return redirect("boards:backlog", slug=done.board.slug)
