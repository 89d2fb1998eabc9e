from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("b/<slug:slug>/poker/", include("poker.urls")),
    path("api/v1/boards/<slug:slug>/poker/", include("poker.api.urls")),
    path("", include("boards.urls")),
]
