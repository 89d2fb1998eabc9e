"""API v1: each app's endpoints live in `<app>/api/urls.py`."""

from django.urls import include, path

urlpatterns = [
    path("", include("sprints.api.urls")),
]
