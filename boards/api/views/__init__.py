"""REST API v1 for boards, members and backlog items.

One class per operation, each with its own input and output serializers; the classes that share a URL are combined
per path below (`BoardCollectionApi(BoardListApi, BoardCreateApi)`…). Every board-scoped operation starts
from the caller's membership (404 for outsiders, token or session alike), checks the role an operation needs before
reading its input (so a developer learns "403, Scrum Master only" rather than what was wrong with the body), and
writes only through boards.services.
"""

from boards.api.views.boards import (
    BoardCreateApi,
    BoardDetailApi,
    BoardListApi,
    BoardUpdateApi,
    MemberListApi,
    MemberRemoveApi,
    MemberRoleChangeApi,
)
from boards.api.views.checklist import ChecklistEntryApi, ChecklistEntryCreateApi
from boards.api.views.definitions import DefinitionsApi, ItemCheckApi
from boards.api.views.invitations import (
    InvitationAcceptApi,
    InvitationCreateApi,
    InvitationDeclineApi,
    InvitationListApi,
    InvitationRevokeApi,
    MemberAddApi,
    MyInvitationListApi,
)
from boards.api.views.items import (
    ItemBulkCreateApi,
    ItemCreateApi,
    ItemDeleteApi,
    ItemDetailApi,
    ItemListApi,
    ItemMoveApi,
    ItemSplitApi,
    ItemUpdateApi,
)

__all__ = [
    "BoardApi",
    "BoardCollectionApi",
    "ChecklistEntryApi",
    "ChecklistEntryCreateApi",
    "DefinitionsApi",
    "InvitationAcceptApi",
    "InvitationCollectionApi",
    "InvitationDeclineApi",
    "InvitationRevokeApi",
    "ItemApi",
    "ItemBulkCreateApi",
    "ItemCheckApi",
    "ItemCollectionApi",
    "ItemMoveApi",
    "ItemSplitApi",
    "MemberApi",
    "MemberCollectionApi",
    "MyInvitationListApi",
]

# --- one class per path, combining its operations -------------------------------------------------------------


class BoardCollectionApi(BoardListApi, BoardCreateApi):
    pass


class BoardApi(BoardDetailApi, BoardUpdateApi):
    pass


class MemberCollectionApi(MemberListApi, MemberAddApi):
    pass


class MemberApi(MemberRoleChangeApi, MemberRemoveApi):
    pass


class InvitationCollectionApi(InvitationListApi, InvitationCreateApi):
    pass


class ItemCollectionApi(ItemListApi, ItemCreateApi):
    pass


class ItemApi(ItemDetailApi, ItemUpdateApi, ItemDeleteApi):
    pass
