"""The backlog's filters, in one place for the backlog page, the items API and saved filters.

A filter is a query parameter: FILTERS below says, for each, how its text is read (a wrong value is an error naming
the parameter, in the caller's language) and how it narrows the items. The page's form, the API's input and a saved
filter's query all go through `filters_from`, and the backlog through `filtered`; a new filter is one entry here (and
a field of the page's form to show it). Filters combine: each narrows what the others left.

Several values of a parameter (`status`) come repeated (`?status=todo&status=done`) or as one comma list
(`?status=todo,done`); either matches any of them.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boards.models import POINT_VALUES, BacklogItem, ItemLabel, Kind, Status
from boards.search import search
from scrum_app.parsers import text_fault

# "active" is sprints.models.SprintState.ACTIVE's stored value: boards sits below sprints.
ACTIVE_SPRINT = "active"
MAX_QUERY = 200  # characters of a search
MAX_SPRINT = 10**9


class FilterError(ValueError):
    """A parameter's value that cannot be read; the message says what it should be."""


def _no_labels() -> set[str]:
    return set()


@dataclass(frozen=True)
class Viewer:
    """Who filters: `me` is their username; `is_member(name)` says whether a username is one of the board's;
    `label_names()` the board's label names in lower case (read only when a label filter is given)."""

    username: str
    is_member: Callable[[str], bool]
    label_names: Callable[[], set[str]] = _no_labels


@dataclass(frozen=True)
class Filter:
    name: str
    read: Callable[[str, Viewer], Any]  # one value's text -> the value, or FilterError
    narrow: Callable[[QuerySet[BacklogItem], Any], QuerySet[BacklogItem]]
    many: bool = False  # several values, any of which matches


def _choice(choices: Iterable[str], message: str) -> Callable[[str, Viewer], str]:
    """One of `choices`; `message` (lazy, with `%(value)r` and `%(choices)s`) refuses anything else."""
    allowed = list(choices)

    def read(text: str, viewer: Viewer) -> str:
        if text not in allowed:
            raise FilterError(message % {"value": text, "choices": ", ".join(allowed)})
        return text

    return read


def _yes_no(text: str, viewer: Viewer) -> bool:
    value = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(text.lower())
    if value is None:
        raise FilterError(_("Give true or false."))
    return value


def _sprint(text: str, viewer: Viewer) -> int | str:
    if text in ("none", ACTIVE_SPRINT):
        return text
    if text.isascii() and text.isdigit() and 0 < int(text) < MAX_SPRINT:
        return int(text)
    raise FilterError(_('Give a sprint number, "none" or "active".'))


def _assignee(text: str, viewer: Viewer) -> str | None:
    if text == "none":
        return None
    username = viewer.username if text == "me" else text
    if len(username) > 150 or not viewer.is_member(username):
        raise FilterError(_("%(username)r is not a member of this board.") % {"username": text})
    return username


def _points(text: str, viewer: Viewer) -> int:
    if text.isascii() and text.isdigit() and int(text) <= max(POINT_VALUES):
        return int(text)
    raise FilterError(_("Give a number of points from 0 to %(max)d.") % {"max": max(POINT_VALUES)})


def _text(text: str, viewer: Viewer) -> str:
    if len(text) > MAX_QUERY:
        raise FilterError(_("Search for at most %(limit)d characters.") % {"limit": MAX_QUERY})
    return text


def _label(text: str, viewer: Viewer) -> str:
    """A label's name, whatever its case (stored in lower case)."""
    if text.lower() not in viewer.label_names():
        raise FilterError(_("No label named %(name)r on this board.") % {"name": text})
    return text.lower()


def _epic(text: str, viewer: Viewer) -> int:
    if text.isascii() and text.isdigit() and 0 < int(text) < MAX_SPRINT:
        return int(text)
    raise FilterError(_("Give an epic's id."))


def _labelled(items: QuerySet[BacklogItem], names: tuple[str, ...]) -> QuerySet[BacklogItem]:
    """The items with any of these labels (by lower-case name)."""
    labelled = ItemLabel.objects.annotate(name=Lower("label__name")).filter(name__in=names)
    return items.filter(pk__in=labelled.values("item_id"))


def _in_sprint(items: QuerySet[BacklogItem], sprint: int | str) -> QuerySet[BacklogItem]:
    if sprint == "none":
        return items.filter(sprint__isnull=True)
    if sprint == ACTIVE_SPRINT:
        return items.filter(sprint__state=ACTIVE_SPRINT)
    return items.filter(sprint__number=sprint)


FILTERS: tuple[Filter, ...] = (
    Filter(
        "status",
        _choice(Status.values, gettext_lazy("%(value)r is not a status; use one of %(choices)s.")),
        lambda items, v: items.filter(status__in=v),
        many=True,
    ),
    Filter(
        "kind",
        _choice(Kind.values, gettext_lazy("%(value)r is not a kind; use one of %(choices)s.")),
        lambda items, v: items.filter(kind=v),
    ),
    Filter("ready", _yes_no, lambda items, v: items.filter(ready=v)),
    Filter("sprint", _sprint, _in_sprint),
    Filter(
        "assignee",
        _assignee,
        lambda items, v: items.filter(Q(assignee__isnull=True) if v is None else Q(assignee__username=v)),
    ),
    Filter("label", _label, _labelled, many=True),
    Filter("epic", _epic, lambda items, v: items.filter(epic_id=v)),
    Filter("points_min", _points, lambda items, v: items.filter(points__gte=v)),
    Filter("points_max", _points, lambda items, v: items.filter(points__lte=v)),
    # Last: the search orders what the others leave, by rank.
    Filter("q", _text, search),
)
NAMES = tuple(f.name for f in FILTERS)


@dataclass(frozen=True)
class ItemFilters:
    """Filters read from a query: `values` by parameter name (a tuple for several values), `texts` as given."""

    values: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.values)

    @property
    def q(self) -> str | None:
        return self.values.get("q")

    def query_string(self) -> str:
        """The filters as a query string, in a fixed order: what a saved filter keeps and a link repeats."""
        return urlencode([(name, text) for name in NAMES for text in self.texts.get(name, [])])


def filters_from(params: Mapping[str, Any], *, viewer: Viewer) -> tuple[ItemFilters, dict[str, str]]:
    """The filters in `params` (a QueryDict, or a mapping of names to a text or a list of texts), and an error per
    parameter that could not be read: the valid ones still apply. Empty values are no filter; other parameters are
    ignored here (the API refuses them, the page ignores them)."""
    values: dict[str, Any] = {}
    texts: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for spec in FILTERS:
        given = _texts(params, spec.name)
        if spec.name != "q":
            given = [part.strip() for text in given for part in (text.split(",") if spec.many else [text])]
        given = [text for text in given if text.strip()]
        if not given:
            continue
        if not spec.many and len(given) > 1:
            errors[spec.name] = _("Give one value.")
            continue
        fault = next((fault for text in given if (fault := text_fault(text))), None)
        if fault:  # the database could not even compare it (a saved filter's query is decoded from its own text)
            errors[spec.name] = str(fault)
            continue
        try:
            read = [spec.read(text, viewer) for text in given]
        except FilterError as error:
            errors[spec.name] = str(error)
            continue
        values[spec.name] = tuple(dict.fromkeys(read)) if spec.many else read[0]
        texts[spec.name] = given
    if "points_min" in values and "points_max" in values and values["points_min"] > values["points_max"]:
        errors["points_max"] = _("Give at least points_min (%(min)d).") % {"min": values["points_min"]}
        del values["points_max"], texts["points_max"]
    return ItemFilters(values=values, texts=texts), errors


def _texts(params: Mapping[str, Any], name: str) -> list[str]:
    if hasattr(params, "getlist"):
        return [str(text) for text in params.getlist(name)]
    value = params.get(name)
    if value is None:
        return []
    return [str(text) for text in value] if isinstance(value, list | tuple) else [str(value)]


def filtered(items: QuerySet[BacklogItem], filters: ItemFilters | None) -> QuerySet[BacklogItem]:
    """`items` narrowed by every filter given (and, with a search, by rank)."""
    if not filters:
        return items
    for spec in FILTERS:
        if spec.name in filters.values:
            items = spec.narrow(items, filters.values[spec.name])
    return items
