"""Routes of the notifications API, included under /api/v1/notifications/ by scrum_app.api_urls."""

from django.urls import path

from notifications.api import views

urlpatterns = [
    path("", views.NotificationListApi.as_view(), name="notifications"),
    path("<int:notification_id>/read/", views.NotificationReadApi.as_view(), name="notification-read"),
    path("read-all/", views.NotificationReadAllApi.as_view(), name="notifications-read-all"),
    path("settings/", views.EmailSettingsApi.as_view(), name="notification-settings"),
]
