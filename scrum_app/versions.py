"""Optimistic locking: a write names the version its writer last saw, and a stale one is refused, not applied.

Backlog items, boards (their settings), sprints, retro cards and actions and stand-up entries carry an integer
`version` that the service editing them raises (`next_version()`, an F() expression, in the same UPDATE). A service
that takes `version=` locks the row first (`locked_at_version`) and compares under the lock, so of two saves made
from the same version exactly one wins and the other gets StaleVersion (a 409; the API answers 412 when the version
came in `If-Match`). Without a version a write goes through as it always did: scripts need not read first.
"""

from django.db.models import F, Model, QuerySet
from django.db.models.expressions import CombinedExpression
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from scrum_app.errors import Conflict

# What the apps call the things they version (`what=`), as the sentences below name them. A translation declines
# them for its own sentence (Russian: the accusative, «изменил карточку»), so each is a message of its own; a name
# not listed here is shown as it is given.
_THING_CHANGED = {
    "sprint": pgettext_lazy("someone else changed this …", "sprint"),
    "item": pgettext_lazy("someone else changed this …", "item"),
    "board's settings": pgettext_lazy("someone else changed this …", "board's settings"),
    "card": pgettext_lazy("someone else changed this …", "card"),
    "action": pgettext_lazy("someone else changed this …", "action"),
    "stand-up entry": pgettext_lazy("someone else changed this …", "stand-up entry"),
}
_THING_MISSING = {
    "sprint": pgettext_lazy("no such …", "sprint"),
    "item": pgettext_lazy("no such …", "item"),
    "board's settings": pgettext_lazy("no such …", "board's settings"),
    "card": pgettext_lazy("no such …", "card"),
    "action": pgettext_lazy("no such …", "action"),
    "stand-up entry": pgettext_lazy("no such …", "stand-up entry"),
}


class StaleVersion(Conflict):
    """The writer edited an older version than the one stored: nothing was written."""

    def __init__(self, *, what: str, seen: int, current: int) -> None:
        super().__init__(
            _(
                "Someone else changed this %(what)s while you were editing it (you had version %(seen)s, it is now at "
                "%(current)s); nothing was saved."
            )
            % {"what": _THING_CHANGED.get(what, what), "seen": seen, "current": current},
            field="version",
        )
        self.seen = seen
        self.current = current


def next_version() -> CombinedExpression:
    """The value to save as `version` with an edit: the stored one plus one, computed by the database."""
    return F("version") + 1


def check_version(found: Model, version: int | None, *, what: str) -> None:
    """Refuse the write when the writer named a version (`version`) that is not the stored one (`found.version`)."""
    if version is not None and version != found.version:
        raise StaleVersion(what=what, seen=version, current=found.version)


def locked_at_version[M: Model](queryset: QuerySet[M], *, pk: object, version: int | None, what: str) -> M:
    """The row `pk` of `queryset`, locked until the transaction ends, after checking the writer's version.

    Call inside the writing transaction: the lock makes a concurrent writer wait until this one has committed and
    then see the raised version.
    """
    found = queryset.select_for_update().filter(pk=pk).first()
    if found is None:  # deleted since the caller read it
        raise Http404(_("No such %(what)s.") % {"what": _THING_MISSING.get(what, what)})
    check_version(found, version, what=what)
    return found
