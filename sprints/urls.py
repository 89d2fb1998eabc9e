"""Sprint pages, mounted under /b/<slug>/."""

from django.urls import path

from sprints import views
from sprints.views_bulk import items_bulk

app_name = "sprints"

urlpatterns = [
    path("sprints/", views.sprint_list, name="list"),
    path("sprints/new/", views.sprint_new, name="new"),
    path("sprints/<int:number>/", views.sprint_detail, name="detail"),
    path("sprints/<int:number>/burndown/", views.sprint_burndown, name="burndown"),
    path("sprints/<int:number>/start/", views.sprint_start, name="start"),
    path("sprints/<int:number>/close/", views.sprint_close, name="close"),
    path("sprints/<int:number>/plan/", views.sprint_plan, name="plan"),
    path("sprints/<int:number>/plan/add/", views.sprint_plan_add, name="plan-add"),
    path("sprints/<int:number>/plan/remove/", views.sprint_plan_remove, name="plan-remove"),
    path("sprints/<int:number>/edit/", views.sprint_edit, name="edit"),
    path("items/bulk/", items_bulk, name="items-bulk"),
    path("velocity/", views.velocity, name="velocity"),
    path("backlog-health/", views.backlog_health, name="backlog-health"),
]
