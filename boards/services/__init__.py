"""Every write to boards, members and backlog items. Pages, the API and the admin all come through here.

Each service validates, checks the acting member's role, saves in one transaction and records item history. Every
write first locks the board through boards.locks, which says in what order a write takes its locks. (The admin and
scripts act as no member: `board_settings_set`, `membership_role_set` and `membership_remove` apply the same rules
without the role check.) The items endpoint's cached pages need nothing from a writer: the database raises the
board's items version itself whenever a row they show changes (boards/migrations/0008_items_version_triggers.py).

One module per thing written: `boards` (a board, its settings, WIP limits), `members` (joining, invitations, roles,
leaving), `items` (the backlog), `bulk` (many items edited at once), `checklist` (an item's sub-tasks), `split` (an
item split into parts), `saved_filters` (a member's named filters of the backlog) and `definitions` (the Definitions
of Ready and Done, and ticks). Callers use this package: `from boards import services`.
"""

from boards.services.boards import SETTINGS as BOARD_SETTINGS
from boards.services.boards import board_create, board_settings_set, board_update, wip_limit_set, wip_limits_set
from boards.services.bulk import BULK_FIELDS, bulk_ids_check, items_bulk_update
from boards.services.checklist import (
    checklist_entry_add,
    checklist_entry_delete,
    checklist_entry_update,
    checklist_text_check,
)
from boards.services.definitions import (
    DEFINITION_ROLES,
    check_set,
    criterion_edit,
    definitions_set,
    done_ticked,
    unmet_done,
)
from boards.services.items import (
    BACKLOG_ORDER_ROLES,
    BULK_LIMIT,
    ITEM_TEXT_LIMITS,
    ITEM_TEXT_NAMES,
    item_create,
    item_delete,
    item_move,
    item_remove,
    item_update,
    items_bulk_create,
)
from boards.services.members import (
    INVITATION_LINK_DAYS,
    invitation_accept,
    invitation_accept_by_link,
    invitation_create,
    invitation_decline,
    invitation_is_open,
    invitation_revoke,
    invitation_signup_by_link,
    member_change_role,
    member_remove,
    membership_add,
    membership_remove,
    membership_role_set,
)
from boards.services.saved_filters import SAVED_FILTERS_LIMIT, saved_filter_delete, saved_filter_save
from boards.services.split import SPLIT_MAX_PARTS, item_split, split_titles_check

__all__ = [
    "BACKLOG_ORDER_ROLES",
    "BOARD_SETTINGS",
    "BULK_FIELDS",
    "BULK_LIMIT",
    "DEFINITION_ROLES",
    "INVITATION_LINK_DAYS",
    "ITEM_TEXT_LIMITS",
    "ITEM_TEXT_NAMES",
    "SAVED_FILTERS_LIMIT",
    "SPLIT_MAX_PARTS",
    "board_create",
    "board_settings_set",
    "board_update",
    "bulk_ids_check",
    "check_set",
    "checklist_entry_add",
    "checklist_entry_delete",
    "checklist_entry_update",
    "checklist_text_check",
    "criterion_edit",
    "definitions_set",
    "done_ticked",
    "invitation_accept",
    "invitation_accept_by_link",
    "invitation_create",
    "invitation_decline",
    "invitation_is_open",
    "invitation_revoke",
    "invitation_signup_by_link",
    "item_create",
    "item_delete",
    "item_move",
    "item_remove",
    "item_split",
    "item_update",
    "items_bulk_create",
    "items_bulk_update",
    "member_change_role",
    "member_remove",
    "membership_add",
    "membership_remove",
    "membership_role_set",
    "saved_filter_delete",
    "saved_filter_save",
    "split_titles_check",
    "unmet_done",
    "wip_limit_set",
    "wip_limits_set",
]
