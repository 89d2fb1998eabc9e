"""Stand-up pages, mounted under /b/<slug>/standups/."""

from django.urls import path

from standups import views

app_name = "standups"

urlpatterns = [
    path("", views.standup_today, name="today"),
    path("entries/", views.entries_partial, name="entries"),
    path("timebox/", views.timebox_partial, name="timebox"),
    path("timebox/start/", views.timebox_start, name="timebox-start"),
    path("burndown/", views.burndown_partial, name="burndown"),
    path("entry/", views.entry_save, name="entry"),
    path("history/", views.history, name="history"),
    path("blockers/", views.blockers_panel, name="blockers-panel"),
    path("blockers/<int:blocker_id>/resolve/", views.blocker_resolve, name="blocker-resolve"),
]
