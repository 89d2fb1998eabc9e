"""Board pages. Views are thin: access through selectors, writes through services, forms only parse input."""

from boards.views.backlog import backlog_page, item_create, item_edit, item_move
from boards.views.board_settings import board_settings, invitation_revoke, member_add, member_remove, member_role
from boards.views.checklist import item_checklist, item_checklist_entry
from boards.views.definitions import definitions_edit, item_check
from boards.views.invitation_link import invitation_link
from boards.views.items import item_delete, item_detail
from boards.views.my_boards import board_create, board_list, invitation_answer
from boards.views.refinement import refinement_check, refinement_item, refinement_page, refinement_split
from boards.views.saved_filters import saved_filter_delete, saved_filter_save
from boards.views.split import item_split

__all__ = [
    "backlog_page",
    "board_create",
    "board_list",
    "board_settings",
    "definitions_edit",
    "invitation_answer",
    "invitation_link",
    "invitation_revoke",
    "item_check",
    "item_checklist",
    "item_checklist_entry",
    "item_create",
    "item_delete",
    "item_detail",
    "item_edit",
    "item_move",
    "item_split",
    "member_add",
    "member_remove",
    "member_role",
    "refinement_check",
    "refinement_item",
    "refinement_page",
    "refinement_split",
    "saved_filter_delete",
    "saved_filter_save",
]
