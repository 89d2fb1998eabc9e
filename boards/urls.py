from django.urls import path

from boards import views
from boards.views import labels

app_name = "boards"

urlpatterns = [
    path("", views.board_list, name="list"),
    path("boards/new/", views.board_create, name="create"),
    path(
        "invitations/<int:invitation_id>/accept/",
        views.invitation_answer,
        {"answer": "accept"},
        name="invitation_accept",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        views.invitation_answer,
        {"answer": "decline"},
        name="invitation_decline",
    ),
    path("invitations/<str:token>/", views.invitation_link, name="invitation_link"),
    path("b/<slug:slug>/", views.backlog_page, name="backlog"),
    path("b/<slug:slug>/filters/", views.saved_filter_save, name="saved_filter_save"),
    path("b/<slug:slug>/filters/<int:filter_id>/delete/", views.saved_filter_delete, name="saved_filter_delete"),
    path("b/<slug:slug>/settings/", views.board_settings, name="settings"),
    path("b/<slug:slug>/settings/members/", views.member_add, name="member_add"),
    path("b/<slug:slug>/settings/definitions/", views.definitions_edit, name="definitions_edit"),
    path(
        "b/<slug:slug>/settings/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("b/<slug:slug>/settings/members/<str:username>/role/", views.member_role, name="member_role"),
    path("b/<slug:slug>/settings/members/<str:username>/remove/", views.member_remove, name="member_remove"),
    path("b/<slug:slug>/items/new/", views.item_create, name="item_create"),
    path("b/<slug:slug>/items/<int:item_id>/", views.item_detail, name="item"),
    path("b/<slug:slug>/items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("b/<slug:slug>/items/<int:item_id>/checks/", views.item_check, name="item_check"),
    path("b/<slug:slug>/items/<int:item_id>/checklist/", views.item_checklist, name="item_checklist"),
    path(
        "b/<slug:slug>/items/<int:item_id>/checklist/<int:entry_id>/",
        views.item_checklist_entry,
        name="item_checklist_entry",
    ),
    path("b/<slug:slug>/items/<int:item_id>/move/", views.item_move, name="item_move"),
    path("b/<slug:slug>/items/<int:item_id>/delete/", views.item_delete, name="item_delete"),
    path("b/<slug:slug>/items/<int:item_id>/split/", views.item_split, name="item_split"),
    path("b/<slug:slug>/refinement/", views.refinement_page, name="refinement"),
    path("b/<slug:slug>/labels/", labels.labels_page, name="labels"),
    path("b/<slug:slug>/epics/", labels.epics_page, name="epics"),
    path("b/<slug:slug>/refinement/items/<int:item_id>/", views.refinement_item, name="refinement_item"),
    path("b/<slug:slug>/refinement/items/<int:item_id>/split/", views.refinement_split, name="refinement_split"),
    path("b/<slug:slug>/refinement/items/<int:item_id>/checks/", views.refinement_check, name="refinement_check"),
]
