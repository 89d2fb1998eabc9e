"""Included under /api/v1/boards/<slug>/ by scrum_app.api_urls."""

from django.urls import path

from discussion.api import views

urlpatterns = [
    path("items/<int:item_id>/comments/", views.CommentListCreateApi.as_view(), name="item-comments"),
    path("items/<int:item_id>/comments/<int:comment_id>/", views.CommentApi.as_view(), name="item-comment"),
]
