from django.urls import path

from transfer import views

app_name = "transfer"

urlpatterns = [
    path("jira/", views.jira_import, name="jira"),
    path("jira/confirm/", views.jira_import_confirm, name="jira-confirm"),
]
