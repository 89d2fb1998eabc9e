"""Included under /api/v1/boards/<slug>/ by scrum_app.api_urls."""

from django.urls import path

from transfer.api import views

urlpatterns = [
    path("import/jira/", views.JiraImportApi.as_view(), name="jira-import"),
    path("export/", views.BoardExportApi.as_view(), name="board-export"),
]
