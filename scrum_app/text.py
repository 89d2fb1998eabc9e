"""Free text people write (a retro card, a review note): trimmed, and refused with the field named when it is
missing, too long, or holds what PostgreSQL cannot store."""

from django.utils.translation import gettext as _

from scrum_app.errors import InvalidInput


def written_text(value: object, *, field: str, limit: int, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise InvalidInput(_("Write something."), field=field)
    if "\x00" in text:  # a form can send it; PostgreSQL cannot store it
        raise InvalidInput(_("The text holds a NUL character; remove it."), field=field)
    if len(text) > limit:
        raise InvalidInput(_("Keep it to %(limit)d characters.") % {"limit": limit}, field=field)
    return text
