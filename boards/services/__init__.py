"""Every write to boards, members and backlog items. Pages, the API and the admin all come through here.

Each service validates, checks the acting member's role, saves in one transaction and records item history. A write
that changes what the items endpoint answers calls boards.changes.items_changed in its transaction (a new writer of
items, in any app, must too: the endpoint's cached pages are keyed by the version it raises). Every write first locks
the board through boards.locks, which says in what order a write takes its locks.

One module per thing written: `boards` (a board, its settings, WIP limits), `members` (joining, invitations, roles,
leaving) and `items` (the backlog). Callers use this package: `from boards import services`.
"""

from boards.services.boards import board_create, board_update, wip_limit_set, wip_limits_set
from boards.services.items import (
    BACKLOG_ORDER_ROLES,
    BULK_LIMIT,
    ITEM_TEXT_LIMITS,
    ITEM_TEXT_NAMES,
    item_create,
    item_delete,
    item_move,
    item_update,
    items_bulk_create,
)
from boards.services.members import (
    invitation_accept,
    invitation_create,
    invitation_decline,
    invitation_revoke,
    member_change_role,
    member_remove,
    membership_add,
)

__all__ = [
    "BACKLOG_ORDER_ROLES",
    "BULK_LIMIT",
    "ITEM_TEXT_LIMITS",
    "ITEM_TEXT_NAMES",
    "board_create",
    "board_update",
    "invitation_accept",
    "invitation_create",
    "invitation_decline",
    "invitation_revoke",
    "item_create",
    "item_delete",
    "item_move",
    "item_update",
    "items_bulk_create",
    "member_change_role",
    "member_remove",
    "membership_add",
    "wip_limit_set",
    "wip_limits_set",
]
