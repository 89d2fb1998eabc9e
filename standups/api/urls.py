"""Included under /api/v1/boards/<slug>/ by scrum_app.api_urls."""

from django.urls import path

from standups.api import views

urlpatterns = [
    path("standups/<str:date>/", views.StandupDay.as_view(), name="standup-day"),
    path("standups/<str:date>/me/", views.MyEntry.as_view(), name="standup-my-entry"),
    path("standups/<str:date>/timebox/", views.Timebox.as_view(), name="standup-timebox"),
    path("blockers/", views.BlockerList.as_view(), name="blockers"),
    path("blockers/<int:blocker_id>/resolve/", views.BlockerResolve.as_view(), name="blocker-resolve"),
]
