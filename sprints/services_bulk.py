"""The backlog's bulk edit: status, assignee, labels, points and sprint set on many items in one action, all or none.

Composed here, above boards, because a sprint is planning's to change: the item fields go through
boards.services.items_bulk_update (item_update's rules: every member may), the sprint through sprint_add_items or
sprint_remove_items (planning's rules: the Product Owner or the Scrum Master, no closed sprint), in one transaction,
so a refusal of any part leaves every item as it was. Locks in boards.locks' order: board, sprint, items.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from boards import services as board_services
from boards.locks import lock_board
from boards.models import BacklogItem, Membership
from boards.selectors import require_role
from scrum_app.errors import DomainError, InvalidInput
from sprints.models import Sprint
from sprints.services import PLANNING_ROLES, _lock_sprint, sprint_add_items, sprint_remove_items

# What a bulk edit may set: the item's own fields (boards.services.BULK_FIELDS), and its sprint.
BULK_KEYS = (*board_services.BULK_FIELDS, "sprint")


@transaction.atomic
def items_bulk_edit(*, acting: Membership, item_ids: Sequence[int], changes: Mapping[str, Any]) -> list[BacklogItem]:
    """Apply `changes` (keys of BULK_KEYS; `sprint` is a sprint number of the board, or None for the backlog) to every
    item of `item_ids`, or to none. Returns the items in backlog order.

    Who may is the single edit's rule for each key: every member for status, assignee, labels and points; the Product
    Owner or the Scrum Master for the sprint (a 403 otherwise, before anything is read). An id not on the board is an
    InvalidInput on `ids`; a move to Done with the Definition of Done unmet, an UnmetDefinition naming the item.
    """
    if not changes:
        raise InvalidInput(_("Choose what to change."), field="set")
    unknown = set(changes) - set(BULK_KEYS)
    if unknown:
        raise InvalidInput(_("This field cannot be set on many items at once."), field=sorted(unknown)[0])
    fields = {name: value for name, value in changes.items() if name != "sprint"}
    target: Sprint | None = None
    if "sprint" in changes:
        require_role(acting, *PLANNING_ROLES, action=_("plan sprints"))
        lock_board(acting.board_id)
        target = _sprint(acting, changes["sprint"])
    items = board_services.items_bulk_update(acting=acting, item_ids=item_ids, fields=fields)
    if "sprint" not in changes:
        return items
    try:
        _plan(acting, items, target)
    except DomainError as error:
        # Planning names the items `items`; here they are the bulk's `ids`.
        if error.field == "items":
            error.field = "ids"
        raise
    return items


def _plan(acting: Membership, items: list[BacklogItem], target: Sprint | None) -> None:
    """Put the items into `target`, or (None) take them out of whatever sprint they are in."""
    if target is not None:
        sprint_add_items(acting=acting, sprint=target, item_ids=[item.pk for item in items])
        return
    leaving: dict[int, list[int]] = {}
    for item in items:
        if item.sprint_id is not None:
            leaving.setdefault(item.sprint_id, []).append(item.pk)
    # One call per sprint the items leave (a planned and an active one at most, in practice), in id order.
    for sprint in Sprint.objects.filter(pk__in=leaving).order_by("pk"):
        sprint_remove_items(acting=acting, sprint=sprint, item_ids=leaving[sprint.pk])


def _sprint(acting: Membership, number: object) -> Sprint | None:
    """The board's sprint `number`, locked (after the board, before the items); None stays None."""
    if number is None:
        return None
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidInput(_("Give a sprint number, or none for the backlog."), field="sprint")
    sprint = Sprint.objects.filter(board_id=acting.board_id, number=number).first()
    if sprint is None:
        raise InvalidInput(_("No sprint %(number)s on this board.") % {"number": number}, field="sprint")
    return _lock_sprint(sprint)
