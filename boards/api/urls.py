"""Routes of the boards API, included under /api/v1/ by scrum_app.api_urls."""

from django.urls import path

from boards.api import views
from boards.api.views.labels import LabelApi, LabelCollectionApi
from boards.api.views.watch import ItemWatchApi

urlpatterns = [
    path("boards/", views.BoardCollectionApi.as_view(), name="boards"),
    path("boards/<slug:slug>/", views.BoardApi.as_view(), name="board"),
    path("boards/<slug:slug>/members/", views.MemberCollectionApi.as_view(), name="members"),
    path("boards/<slug:slug>/members/<str:username>/", views.MemberApi.as_view(), name="member"),
    path("boards/<slug:slug>/invitations/", views.InvitationCollectionApi.as_view(), name="board-invitations"),
    path(
        "boards/<slug:slug>/invitations/<int:invitation_id>/",
        views.InvitationRevokeApi.as_view(),
        name="board-invitation",
    ),
    path("invitations/", views.MyInvitationListApi.as_view(), name="invitations"),
    path("invitations/<int:invitation_id>/accept/", views.InvitationAcceptApi.as_view(), name="invitation-accept"),
    path("invitations/<int:invitation_id>/decline/", views.InvitationDeclineApi.as_view(), name="invitation-decline"),
    path("boards/<slug:slug>/items/", views.ItemCollectionApi.as_view(), name="items"),
    path("boards/<slug:slug>/items/bulk/", views.ItemBulkCreateApi.as_view(), name="items-bulk"),
    path("boards/<slug:slug>/items/<int:item_id>/", views.ItemApi.as_view(), name="item"),
    path("boards/<slug:slug>/items/<int:item_id>/watch/", ItemWatchApi.as_view(), name="item-watch"),
    path("boards/<slug:slug>/items/<int:item_id>/move/", views.ItemMoveApi.as_view(), name="item-move"),
    path("boards/<slug:slug>/items/<int:item_id>/split/", views.ItemSplitApi.as_view(), name="item-split"),
    path("boards/<slug:slug>/items/<int:item_id>/checks/", views.ItemCheckApi.as_view(), name="item-checks"),
    path(
        "boards/<slug:slug>/items/<int:item_id>/checklist/",
        views.ChecklistEntryCreateApi.as_view(),
        name="item-checklist",
    ),
    path(
        "boards/<slug:slug>/items/<int:item_id>/checklist/<int:entry_id>/",
        views.ChecklistEntryApi.as_view(),
        name="item-checklist-entry",
    ),
    path("boards/<slug:slug>/definitions/", views.DefinitionsApi.as_view(), name="definitions"),
    path("boards/<slug:slug>/labels/", LabelCollectionApi.as_view(), name="labels"),
    path("boards/<slug:slug>/labels/<int:label_id>/", LabelApi.as_view(), name="label"),
]
