from django.contrib import admin
from django.urls import include, path

from scrum_app import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include(("scrum_app.api_urls", "api"))),
    path("ping", views.ping, name="ping"),
    path("b/<slug:slug>/poker/", include("poker.urls")),
    path("b/<slug:slug>/standups/", include("standups.urls")),
    path("b/<slug:slug>/retros/", include("retros.urls")),
    path("b/<slug:slug>/", include("sprints.urls")),
    path("", include("boards.urls")),
]
