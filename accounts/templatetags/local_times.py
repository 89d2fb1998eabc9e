"""Moments shown in the viewer's time zone (accounts.preferences) and labelled with it."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def zone_label(moment: datetime) -> str:
    """The zone's abbreviation ("MSK", "UTC"); a zone without one shows its offset as "UTC+05"."""
    name = moment.strftime("%Z")
    return f"UTC{name}" if name[:1] in "+-" else name


@register.filter
def local_time(value: datetime | None, part: str = "") -> SafeString | str:
    """`{{ moment|local_time }}`: "4 Dec 2026, 23:10 MSK"; `{{ moment|local_time:"time" }}`: "23:10 MSK".

    A <time> element with the moment in ISO 8601 and the zone's full name as its title."""
    if not value:
        return ""
    local = timezone.localtime(value)
    shape = _("H:i") if part == "time" else _("j M Y, H:i")
    return format_html(
        '<time datetime="{}" title="{}">{} {}</time>',
        value.isoformat(),
        str(timezone.get_current_timezone()),
        format_date(local, shape),
        zone_label(local),
    )
