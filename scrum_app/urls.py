from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("scrum_app.api_urls")),
    path("b/<slug:slug>/", include("sprints.urls")),
    path("", include("boards.urls")),
]
