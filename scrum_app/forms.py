"""What the edit forms of every app share: showing a service's refusal, and saving only what this person changed from
the version they saw (scrum_app.versions), so that two people editing one thing never silently undo each other."""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scrum_app.errors import DomainError
from scrum_app.versions import StaleVersion

STALE_MESSAGE = gettext_lazy(
    "Someone else saved this while you were editing it. Nothing was saved: your changes are still in the form, and "
    "what they saved is shown beside each field they changed. Save again to keep your version."
)


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal beside the field it names (or above the form when it names none we show)."""
    field = (error.field or "").rsplit(".", 1)[-1]
    form.add_error(field if field in form.fields else None, error.message)


def _as_data(value: Any) -> list[str]:
    """A stored value as a form would post it."""
    if value is None:
        return [""]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return [str(value)]


def _display(field: forms.Field, value: Any) -> str:
    """A stored value as a person reads it: a choice's label, yes or no, or "(empty)"."""
    values = list(value) if isinstance(value, list | tuple | set) else [value]
    labels = {str(key): label for key, label in getattr(field, "choices", [])}
    shown = [
        (_("yes") if v else _("no")) if isinstance(v, bool) else labels.get(str(v), str(v))
        for v in values
        if v not in (None, "")
    ]
    return ", ".join(map(str, shown)) or _("(empty)")


class VersionedForm(forms.Form):
    """An edit form that posts the version it was rendered from and, beside each field, the value it showed (Django's
    `show_hidden_initial`). A save then sends the service only the fields this person changed, with that version; a
    stale save leaves this person's input in place and shows what the other person saved beside it (`conflict`).
    """

    # 0 stands for "there was none yet" (a form for something this person is about to create).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.show_hidden_initial = name != "version"

    def edited_names(self) -> list[str]:
        """The fields this person changed; every field when the form came without what it showed (a script)."""
        return [
            name
            for name in self.fields
            if name != "version" and (self.add_initial_prefix(name) not in self.data or name in self.changed_data)
        ]

    def values(self) -> dict[str, Any]:
        """Cleaned values as the services take them; forms whose fields need converting override this."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    def save_edits(self, write: Callable[..., object], *, current: Callable[[], tuple[Mapping[str, Any], int]]) -> int:
        """Save the edited fields through `write(version=…, **fields)` (a service); return the status to answer.

        200 when saved; a refusal is shown in this form with its status, a stale version as a conflict (409) using
        `current()`, the stored (values, version) read after the refusal.
        """
        edited = set(self.edited_names())
        try:
            write(version=self.cleaned_data.get("version"), **{k: v for k, v in self.values().items() if k in edited})
        except StaleVersion:
            values, version = current()
            self.conflict(values, version)
            return 409
        except DomainError as error:
            add_domain_error(self, error)
            return error.status_code
        return 200

    def conflict(self, current: Mapping[str, Any], version: int) -> None:
        """Show this form again after a stale save: this person's input in the fields they changed, the stored values
        in the others, the stored values and version as the new starting point (saving again keeps this person's
        changes), and beside each field someone else changed meanwhile, what they saved (`field.theirs`)."""
        edited = set(self.edited_names())
        data = QueryDict(mutable=True)
        for name, field in self.fields.items():
            if name == "version":
                continue
            seen = self._widget_data_value(field.hidden_widget(), self.add_initial_prefix(name))
            if field.has_changed(current[name], seen):
                field.theirs = _display(field, current[name])
            mine = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name, "")]
            data.setlist(name, mine if name in edited else _as_data(current[name]))
            data.setlist(self.add_initial_prefix(name), _as_data(current[name]))
        data["version"] = str(version)
        self.data = data
        self._bound_fields_cache.clear()
        self.cleaned_data = {}
        self._errors = ErrorDict()
        self.add_error(None, STALE_MESSAGE)
