from django.contrib import admin
from django.urls import include, path

from scrum_app import board_page, error_views, views
from transfer import views as transfer_views

handler400 = error_views.bad_request
handler403 = error_views.permission_denied
handler404 = error_views.page_not_found
handler500 = error_views.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include(("scrum_app.api_urls", "api"))),
    path("ping", views.ping, name="ping"),
    path("notifications/", include("notifications.urls")),
    # The Scrum board page, composed of several apps above them (scrum_app.board_page).
    path("b/<slug:slug>/board/", board_page.scrum_board, name="scrum_board"),
    path("b/<slug:slug>/items/<int:item_id>/status/", board_page.item_status, name="scrum_board_item_status"),
    path("b/<slug:slug>/poker/", include("poker.urls")),
    path("b/<slug:slug>/standups/", include("standups.urls")),
    path("b/<slug:slug>/retros/", include("retros.urls")),
    path("b/<slug:slug>/reviews/", include("reviews.urls")),
    path("b/<slug:slug>/timers/", include("timers.urls")),
    path("b/<slug:slug>/items/<int:item_id>/discussion/", include("discussion.urls")),
    path("b/<slug:slug>/import/", include("transfer.urls")),
    path("boards/import/", transfer_views.board_import_page, name="board_import"),
    path("b/<slug:slug>/", include("sprints.urls")),
    path("", include("boards.urls")),
]
