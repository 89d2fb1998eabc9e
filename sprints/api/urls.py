from django.urls import path

from sprints.api import views
from sprints.api.bulk import ItemBulkUpdateApi

urlpatterns = [
    path("boards/<slug:slug>/sprints/", views.SprintListCreate.as_view(), name="api-sprints"),
    path("boards/<slug:slug>/sprints/<int:number>/", views.SprintDetail.as_view(), name="api-sprint"),
    path("boards/<slug:slug>/sprints/<int:number>/items/", views.SprintItems.as_view(), name="api-sprint-items"),
    path("boards/<slug:slug>/sprints/<int:number>/start/", views.SprintStart.as_view(), name="api-sprint-start"),
    path("boards/<slug:slug>/sprints/<int:number>/close/", views.SprintClose.as_view(), name="api-sprint-close"),
    path(
        "boards/<slug:slug>/sprints/<int:number>/burndown/", views.SprintBurndown.as_view(), name="api-sprint-burndown"
    ),
    path("boards/<slug:slug>/velocity/", views.BoardVelocity.as_view(), name="api-velocity"),
    path("boards/<slug:slug>/items/bulk-update/", ItemBulkUpdateApi.as_view(), name="api-items-bulk-update"),
    path("boards/<slug:slug>/items/<int:item_id>/history/", views.ItemHistory.as_view(), name="api-item-history"),
]
