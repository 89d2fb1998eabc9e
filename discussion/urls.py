"""Included under /b/<slug>/items/<item_id>/discussion/ by scrum_app.urls."""

from django.urls import path

from discussion import views

app_name = "discussion"

urlpatterns = [
    path("", views.discussion_region, name="region"),
    path("<int:comment_id>/", views.comment_change, name="comment"),
]
