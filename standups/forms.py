"""The stand-up page's form: a member's three answers for today."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scrum_app.forms import VersionedForm
from standups.models import TEXT_LIMIT, StandupEntry


def _answer(label: object, rows: int, **attrs: str) -> forms.Field:
    # Any text passes here: services.standup_entry_save checks it and names the answer at fault.
    return forms.Field(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows, "maxlength": TEXT_LIMIT, **attrs})
    )


class EntryForm(VersionedForm):
    """My answers, saved from the version the form showed (0 when I had none yet), only those I changed."""

    done = _answer(_("What I did"), 3)
    next = _answer(_("What I will do"), 3)
    blockers = _answer(_("What blocks me"), 2, **{"aria-describedby": "blockers-hint"})

    def __init__(self, *args: Any, entry: StandupEntry | None = None, **kwargs: Any) -> None:
        if not args:
            kwargs["initial"] = {**self.initial_for(entry), "version": entry.version if entry else 0}
        super().__init__(*args, auto_id="entry-%s", **kwargs)

    @staticmethod
    def initial_for(entry: StandupEntry | None) -> dict[str, Any]:
        return {name: getattr(entry, name) if entry else "" for name in ("done", "next", "blockers")}
