"""HTML forms for the board pages.

Forms only turn posted text into typed values (and say which field is malformed); the services decide what is
allowed, so a page and the API enforce the same rules.
"""

import zoneinfo
from collections.abc import Sequence
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from boards.filters import FILTERS, MAX_QUERY, NAMES, ItemFilters, Viewer, filters_from
from boards.models import (
    ITEM_TEXT_LIMITS,
    POINT_VALUES,
    BacklogItem,
    Board,
    Kind,
    Label,
    Membership,
    Role,
    SavedFilter,
    Status,
)
from boards.selectors_labels import label_names_of
from scrum_app.forms import VersionedForm

WEEKDAYS = [
    (1, pgettext_lazy("weekday", "Mon")),
    (2, pgettext_lazy("weekday", "Tue")),
    (3, pgettext_lazy("weekday", "Wed")),
    (4, pgettext_lazy("weekday", "Thu")),
    (5, pgettext_lazy("weekday", "Fri")),
    (6, pgettext_lazy("weekday", "Sat")),
    (7, pgettext_lazy("weekday", "Sun")),
]


def _weeks(n: int) -> str:
    return ngettext("%(count)d week", "%(count)d weeks", n) % {"count": n}


# "1 week" … "4 weeks", worded when a page shows them, in its language.
SPRINT_LENGTHS = [(n, lazy(_weeks, str)(n)) for n in range(1, 5)]
POINT_CHOICES = [("", "–"), *((str(p), str(p)) for p in POINT_VALUES)]


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class BoardCreateForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("Name"))
    slug = forms.SlugField(
        max_length=60, required=False, label=_("Slug"), help_text=_("Optional; made from the name when empty.")
    )
    sprint_length_weeks = forms.TypedChoiceField(label=_("Sprint length"), choices=SPRINT_LENGTHS, coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sprint_length_weeks"].initial = 2


class BoardSettingsForm(VersionedForm):
    """Board settings and one WIP limit per column, saved together."""

    name = forms.CharField(max_length=100, label=_("Name"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000, label=_("Description")
    )
    sprint_length_weeks = forms.TypedChoiceField(label=_("Sprint length"), choices=SPRINT_LENGTHS, coerce=int)
    retro_vote_budget = forms.IntegerField(label=_("Retro vote budget"), min_value=1, max_value=20)
    refinement_minutes = forms.IntegerField(
        label=_("Refinement session (minutes)"),
        min_value=5,
        max_value=240,
        help_text=_("The length a refinement timer starts with."),
    )
    working_days = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, label=_("Working days")
    )
    time_zone = forms.ChoiceField(label=_("Time zone"))

    def __init__(self, *args: Any, board: Board, limits: dict[str, int], **kwargs: Any) -> None:
        initial = {**self.initial_for(board, limits), "version": board.version}
        # The WIP limits are added before VersionedForm marks every field to post the value it showed.
        self.base_fields = {
            **self.base_fields,
            **{
                f"wip_{status.value}": forms.IntegerField(
                    label=status.label, required=False, min_value=1, max_value=999
                )
                for status in Status
            },
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()

    @staticmethod
    def initial_for(board: Board, limits: dict[str, int]) -> dict[str, Any]:
        """The board's settings and limits as this form shows them."""
        return {
            "name": board.name,
            "description": board.description,
            "sprint_length_weeks": board.sprint_length_weeks,
            "retro_vote_budget": board.retro_vote_budget,
            "refinement_minutes": board.refinement_minutes,
            "working_days": board.working_days,
            "time_zone": board.time_zone,
            **{f"wip_{status}": limits.get(status) for status in Status.values},
        }

    def working_days_shown(self) -> str:
        """The hidden copy of the working days the form showed (its boxes are laid out by hand in the template)."""
        return self["working_days"].as_hidden(only_initial=True)

    def wip_fields(self) -> list[forms.BoundField]:
        return [self[f"wip_{status}"] for status in Status.values]

    def setting_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("wip_") and name != "version"]

    @staticmethod
    def as_update(fields: dict[str, Any]) -> dict[str, Any]:
        """Posted settings as services.board_update takes them: the `wip_<column>` fields gathered as `wip_limits`."""
        limits = {name.removeprefix("wip_"): fields.pop(name) for name in list(fields) if name.startswith("wip_")}
        return {**fields, "wip_limits": limits}


class MemberAddForm(forms.Form):
    """Whom to invite: a username, or an e-mail address (anything with an "@"), who gets a link."""

    username = forms.CharField(max_length=254, label=_("Username or e-mail address"))
    role = forms.ChoiceField(choices=Role.choices, initial=Role.DEVELOPER, label=_("Role"))

    def invitee(self) -> dict[str, str]:
        """invitation_create's `username` or `email`."""
        typed = self.cleaned_data["username"].strip()
        return {"email": typed} if "@" in typed else {"username": typed}


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))


def _assignee_field(members: list[Membership]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[("", _("Nobody")), *((m.user.username, m.user.username) for m in members)],
        required=False,
        empty_value="",
        label=_("Assignee"),
    )


class ItemForm(forms.Form):
    """An item's editable fields. `members` (with users loaded) are the possible assignees, `labels` the board's
    labels, `epics` its epics as `(id, text)` (boards.selectors_labels.epic_choices)."""

    title = forms.CharField(max_length=ITEM_TEXT_LIMITS["title"], label=_("Title"))
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.STORY, label=_("Kind"))
    points = forms.TypedChoiceField(
        choices=POINT_CHOICES, coerce=int, required=False, empty_value=None, label=_("Points")
    )
    status = forms.ChoiceField(choices=Status.choices, initial=Status.TODO, label=_("Status"))
    assignee = forms.ChoiceField(required=False, label=_("Assignee"))
    epic = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label=_("Epic"))
    labels = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label=_("Labels"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=ITEM_TEXT_LIMITS["description"],
        label=_("Description"),
    )
    acceptance_criteria = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=ITEM_TEXT_LIMITS["acceptance_criteria"],
        label=_("Acceptance criteria"),
    )

    def __init__(
        self,
        *args: Any,
        members: list[Membership],
        labels: Sequence[Label] = (),
        epics: Sequence[tuple[int, str]] = (),
        fields: tuple[str, ...] | None = None,
        **kwargs: Any,
    ) -> None:
        item = kwargs.pop("item", None)
        if item is not None:
            kwargs["initial"] = {**self.initial_for(item), "version": item.version}
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = _assignee_field(members)
        self.fields["epic"].choices = [
            ("", _("None")),
            *((pk, text) for pk, text in epics if item is None or pk != item.pk),
        ]
        self.fields["labels"].choices = [(label.name, label.name) for label in labels]
        self._users: dict[str, AbstractBaseUser] = {m.user.username: m.user for m in members}
        if fields is not None:
            for name in ItemForm.base_fields:
                if name not in fields:
                    del self.fields[name]

    @staticmethod
    def initial_for(item: BacklogItem) -> dict[str, Any]:
        """The item's editable fields as this form shows them."""
        initial = {name: getattr(item, name) for name in BacklogItem.EDITABLE if name not in ("assignee", "epic")}
        return {
            **initial,
            "assignee": item.assignee.username if item.assignee else "",
            "epic": item.epic_id,
            "labels": label_names_of([item.pk])[item.pk],
        }

    def values(self) -> dict[str, Any]:
        """Cleaned values as the services take them (the assignee as a User or None)."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "version"}
        if "assignee" in data:
            data["assignee"] = self._users.get(data["assignee"]) if data["assignee"] else None
        return data


class ItemEditForm(VersionedForm, ItemForm):
    """An existing item's fields, saved from the version the form was rendered with (only those changed)."""

    def values(self) -> dict[str, Any]:
        return ItemForm.values(self)


# The inline forms of the backlog edit a row's visible fields; the detail page edits them all.
INLINE_FIELDS = ("title", "kind", "points", "assignee")
QUICK_ADD_FIELDS = ("title", "kind", "points")


class ItemFilterForm(forms.Form):
    """The backlog's filters as the page shows them. Their values are read by boards.filters, as the API reads them;
    the fields here only draw them (an error is the reader's, on the field it names)."""

    q = forms.CharField(
        required=False,
        strip=False,
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "maxlength": MAX_QUERY}),
    )
    status = forms.MultipleChoiceField(
        choices=Status.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("Status")
    )
    sprint = forms.ChoiceField(required=False, label=_("Sprint"))
    assignee = forms.ChoiceField(required=False, label=_("Assignee"))
    kind = forms.ChoiceField(choices=[("", _("Any kind")), *Kind.choices], required=False, label=_("Kind"))
    ready = forms.ChoiceField(
        choices=[("", _("Ready or not")), ("yes", _("Ready")), ("no", _("Not ready"))], required=False, label=_("Ready")
    )
    # Items with any of the labels ticked; of one epic. Shown only on a board that has labels, or epics.
    label = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label=_("Labels"))
    epic = forms.ChoiceField(required=False, label=_("Epic"))
    points_min = forms.CharField(
        required=False, label=_("Points from"), widget=forms.NumberInput(attrs={"min": 0, "max": max(POINT_VALUES)})
    )
    points_max = forms.CharField(
        required=False, label=_("Points to"), widget=forms.NumberInput(attrs={"min": 0, "max": max(POINT_VALUES)})
    )

    def __init__(
        self,
        *args: Any,
        members: list[Membership],
        sprints: list[int],
        viewer: Viewer,
        labels: Sequence[Label] = (),
        epics: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        named = {label.name.lower(): label.name for label in labels}
        if self.is_bound:  # a comma list shows as its values ticked; a label's name as the board writes it
            self.data = self.data.copy()
            for spec in FILTERS:
                if spec.many:
                    self.data.setlist(spec.name, [v for text in self.data.getlist(spec.name) for v in text.split(",")])
            self.data.setlist("label", [named.get(name.lower(), name) for name in self.data.getlist("label")])
        self.fields["label"].choices = [(label.name, label.name) for label in labels]
        self.fields["epic"].choices = [("", _("Any epic")), *((str(pk), title) for pk, title in epics)]
        if not labels:
            del self.fields["label"]
        if not epics:
            del self.fields["epic"]
        self.viewer = viewer
        self.filters = ItemFilters()
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Unassigned")),
            *((m.user.username, m.user.username) for m in members),
        ]
        self.fields["sprint"].choices = [
            ("", _("Any sprint")),
            ("active", _("The active sprint")),
            ("none", _("No sprint")),
            *((str(number), _("Sprint %(number)d") % {"number": number}) for number in sprints),
        ]

    def clean(self) -> dict[str, Any]:
        self.filters, errors = filters_from(self.data, viewer=self.viewer)
        # The reader's word is the one shown, as the API says it: the fields' own checks are only drawing aids.
        for name in NAMES:
            self._errors.pop(name, None)
        for name, message in errors.items():
            # A board without labels or epics shows no such field: its error is the form's, naming the parameter.
            self.add_error(
                name if name in self.fields else None, message if name in self.fields else f"{name}: {message}"
            )
        return self.cleaned_data


class SavedFilterForm(forms.Form):
    name = forms.CharField(max_length=SavedFilter.NAME_LIMIT, label=_("Save this filter as"))
    query = forms.CharField(max_length=SavedFilter.QUERY_LIMIT, required=False, widget=forms.HiddenInput)


class MoveForm(forms.Form):
    before = forms.IntegerField(required=False)
    after = forms.IntegerField(required=False)
    position = forms.ChoiceField(choices=[("top", "top"), ("bottom", "bottom")], required=False)

    def values(self) -> dict[str, Any]:
        return {
            "before": self.cleaned_data["before"],
            "after": self.cleaned_data["after"],
            "position": self.cleaned_data["position"] or None,
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)


class SplitForm(forms.Form):
    """The parts an item splits into, one title per line (blank lines skipped); the service checks them."""

    titles = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Split into (one title per line)"),
        max_length=(ITEM_TEXT_LIMITS["title"] + 1) * 20,
    )

    def titles_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["titles"].splitlines() if line.strip()]
