"""The backlog's bulk edit on the page: the bar above the list (`{% bulk_edit board membership %}`, sprints_tags)
and its form's post. Rows are selected by their checkboxes (form="bulk-edit"); js/backlog_select.js adds shift-click
ranges, Space on a row and "select all shown". The form posts with htmx too and gets the bar back, saying what
changed or why nothing did; the list refreshes itself on `backlog-changed` (docs/pages.md, "One htmx idiom")."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from boards.models import POINT_VALUES, Label, Membership, Status
from boards.selectors import members_of, membership_for
from boards.views.common import answer, form_ints, is_htmx, return_to
from scrum_app.errors import DomainError, InvalidInput
from sprints.models import Sprint, SprintState
from sprints.services import PLANNING_ROLES
from sprints.services_bulk import items_bulk_edit

TEMPLATE = "sprints/_bulk_edit.html"
BACKLOG_CHANGED = "backlog-changed"  # boards.views.backlog's: the list re-renders itself on it
KEEP = ("", gettext_lazy("— keep —"))
NONE = "none"
ALL = "all"  # "Remove label: all labels"; the labels themselves are chosen by id, so no name can clash with it


class BulkEditForm(forms.Form):
    """What to set on the selected items: each field left at "keep" is left as it is on every item. `none` clears
    the sprint (back to the backlog), the assignee or the points; "all labels" takes every label off."""

    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    sprint = forms.ChoiceField(label=gettext_lazy("Sprint"), required=False)
    assignee = forms.ChoiceField(label=gettext_lazy("Assignee"), required=False)
    points = forms.ChoiceField(label=gettext_lazy("Story points"), required=False)
    # One label added and one taken off per action, as a bar has room for; the API takes several of each.
    labels_add = forms.ChoiceField(label=gettext_lazy("Add label"), required=False)
    labels_remove = forms.ChoiceField(label=gettext_lazy("Remove label"), required=False)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, auto_id="bulk_%s", **kwargs)
        board = membership.board
        self.members = {m.user.username: m.user for m in members_of(board=board)}
        self.fields["status"].choices = [KEEP, *Status.choices]
        self.fields["assignee"].choices = [KEEP, (NONE, _("unassigned")), *[(name, name) for name in self.members]]
        self.fields["points"].choices = [KEEP, (NONE, _("not estimated")), *[(str(p), str(p)) for p in POINT_VALUES]]
        self.labels = {str(label.pk): label.name for label in Label.objects.filter(board=board).order_by(Lower("name"))}
        self.fields["labels_add"].choices = [KEEP, *self.labels.items()]
        self.fields["labels_remove"].choices = [KEEP, (ALL, _("all labels")), *self.labels.items()]
        # Every open sprint; only the Product Owner and the Scrum Master are shown the field (planning is theirs; the
        # service refuses anyone else with a 403 naming the roles).
        open_sprints = Sprint.objects.filter(board=board).exclude(state=SprintState.CLOSED).order_by("number")
        self.fields["sprint"].choices = [
            KEEP,
            (NONE, _("none: back to the backlog")),
            *[(str(s.number), s.title) for s in open_sprints],
        ]

    def changes(self) -> dict[str, Any]:
        """The service's `changes`: the fields chosen, `none` as None, numbers as numbers, usernames as users, labels
        (chosen by id) as lists of names."""
        chosen = {name: value for name, value in self.cleaned_data.items() if value != ""}
        changes: dict[str, Any] = {}
        for name, value in chosen.items():
            if name == "labels_remove" and value == ALL:
                changes["labels"] = []
            elif name in ("labels_add", "labels_remove"):
                changes[name] = [self.labels[value]]
            elif value == NONE:
                changes[name] = None
            elif name in ("sprint", "points"):
                changes[name] = int(value)
            elif name == "assignee":
                changes[name] = self.members[value]
            else:
                changes[name] = value
        if "labels" in changes and "labels_add" in changes:  # all taken off, one put on: that one alone
            changes["labels"] = changes.pop("labels_add")
        return changes


def bulk_context(membership: Membership, *, form: BulkEditForm | None = None, **extra: Any) -> dict[str, Any]:
    form = form or BulkEditForm(membership=membership)
    can_plan = membership.role in PLANNING_ROLES
    hidden = {"sprint"} if not can_plan else set()
    if not form.labels:  # a board without labels has none to add or remove
        hidden |= {"labels_add", "labels_remove"}
    fields = [field for field in form if field.name not in hidden]
    return {"board": membership.board, "bulk_form": form, "bulk_fields": fields, **extra}


@login_required
@require_POST
def items_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """Set the chosen fields on the selected items (`ids`), all or none: every member for status, assignee,
    labels and points, the Product Owner and the Scrum Master for the sprint (sprints.services_bulk)."""
    membership = membership_for(user=request.user, slug=slug)
    form = BulkEditForm(request.POST, membership=membership)
    error: DomainError | None = None
    changed = 0
    try:
        if not form.is_valid():
            field, messages = next(iter(form.errors.items()))
            raise InvalidInput(f"{form.fields[field].label}: {messages[0]}", field=field)
        ids = form_ints(request.POST.getlist("ids"))
        changed = len(items_bulk_edit(acting=membership, item_ids=ids, changes=form.changes()))
    except DomainError as refused:
        error = refused
    done = (
        "" if error else ngettext("Changed %(count)d item.", "Changed %(count)d items.", changed) % {"count": changed}
    )
    # After a change the bar starts afresh; after a refusal it keeps what was chosen, to try again.
    context = bulk_context(membership, form=form if error else None, bulk_error=error, bulk_done=done)
    back = return_to(request, reverse("boards:backlog", args=[slug]))
    response = answer(request, TEMPLATE, None, context, back=back, error=error)
    return trigger_client_event(response, BACKLOG_CHANGED) if is_htmx(request) and not error else response
