"""Routes of the boards API, included under /api/v1/ by scrum_app.api_urls."""

from django.urls import path

from boards.api import views

urlpatterns = [
    path("boards/", views.BoardCollectionApi.as_view(), name="boards"),
    path("boards/<slug:slug>/", views.BoardApi.as_view(), name="board"),
    path("boards/<slug:slug>/members/", views.MemberCollectionApi.as_view(), name="members"),
    path("boards/<slug:slug>/members/<str:username>/", views.MemberApi.as_view(), name="member"),
    path("boards/<slug:slug>/items/", views.ItemCollectionApi.as_view(), name="items"),
    path("boards/<slug:slug>/items/bulk/", views.ItemBulkCreateApi.as_view(), name="items-bulk"),
    path("boards/<slug:slug>/items/<int:item_id>/", views.ItemApi.as_view(), name="item"),
    path("boards/<slug:slug>/items/<int:item_id>/move/", views.ItemMoveApi.as_view(), name="item-move"),
]
