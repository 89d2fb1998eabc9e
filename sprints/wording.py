"""Numbers and days in words, in the language of the request: "5 points", «5 поинтов», «Пн, 2 марта».

A count that may be a fraction (a forecast, an average) takes no plural form of its own (Russian puts the genitive
singular after any fraction), so fractions get their own message, with a context, instead of ngettext.
"""

import datetime

from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext


def _fraction(value: float) -> str:
    return number_format(f"{value:g}")


def points_text(value: float) -> str:
    """Points in words: "5 points", "1 point", "12.5 points" (Russian: «5 поинтов», «12,5 поинта»)."""
    if float(value).is_integer():
        count = int(value)
        return ngettext("%(count)s point", "%(count)s points", count) % {"count": number_format(count)}
    return pgettext("a fractional number of story points", "%(count)s points") % {"count": _fraction(value)}


def points_unit(value: float) -> str:
    """The word after a number of points shown on its own: "point", "points" (Russian: «поинт», «поинта», «поинтов»)."""
    if float(value).is_integer():
        return ngettext("point", "points", int(value))
    return pgettext("after a fractional number of story points", "points")


def sprints_text(value: float) -> str:
    """Sprints in words: "1 sprint", "1.5 sprints" (Russian: «1 спринт», «1,5 спринта»)."""
    if float(value).is_integer():
        count = int(value)
        return ngettext("%(count)s sprint", "%(count)s sprints", count) % {"count": number_format(count)}
    return pgettext("a fractional number of sprints", "%(count)s sprints") % {"count": _fraction(value)}


def day_text(date: datetime.date) -> str:
    """A day as the charts' titles name it: "Mon 2 Mar" (Russian: «Пн, 2 марта»)."""
    return dateformat.format(date, _("D j M"))
