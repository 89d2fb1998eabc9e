"""Included under /api/v1/boards/<slug>/ by scrum_app.api_urls."""

from django.urls import path

from timers.api import views

urlpatterns = [
    path("timers/", views.TimerListStart.as_view(), name="timers"),
    path("timers/<int:timer_id>/extend/", views.TimerExtend.as_view(), name="timer-extend"),
    path("timers/<int:timer_id>/stop/", views.TimerStop.as_view(), name="timer-stop"),
]
