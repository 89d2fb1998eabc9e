"""REST API v1, mounted at /api/v1/ (namespace "api"). Each app keeps its endpoints in `<app>/api/`."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts.api import ApiTokenCollectionApi, ApiTokenRevokeApi, TokenCreateApi
from scrum_app.api_docs import ApiDocsView
from transfer.api.views import BoardImportApi

urlpatterns = [
    path("auth/token/", TokenCreateApi.as_view(), name="token"),
    path("tokens/", ApiTokenCollectionApi.as_view(), name="api-tokens"),
    path("tokens/<int:token_id>/", ApiTokenRevokeApi.as_view(), name="api-token"),
    path("boards/import/", BoardImportApi.as_view(), name="board-import"),
    path("notifications/", include("notifications.api.urls")),
    path("", include("boards.api.urls")),
    path("boards/<slug:slug>/poker/", include("poker.api.urls")),
    path("boards/<slug:slug>/retros/", include("retros.api.urls")),
    path("boards/<slug:slug>/sprints/<int:number>/review/", include("reviews.api.urls")),
    path("", include("sprints.api.urls")),
    path("boards/<slug:slug>/", include("standups.api.urls")),
    path("boards/<slug:slug>/", include("timers.api.urls")),
    path("boards/<slug:slug>/", include("discussion.api.urls")),
    path("boards/<slug:slug>/", include("transfer.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
]
