"""Admin for notifications: view-only for support. They are made by the services (one per person and action)."""

from django.contrib import admin

from notifications.models import EmailPreference, Notification, Watch
from scrum_app.admin import ViewOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ViewOnlyAdmin):
    list_display = ["recipient", "kind", "board", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "board"]


@admin.register(Watch)
class WatchAdmin(ViewOnlyAdmin):
    list_display = ["user", "item", "created_at"]
    list_select_related = ["user", "item"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(ViewOnlyAdmin):
    list_display = ["user", "kind", "choice"]
    list_filter = ["kind", "choice"]
    list_select_related = ["user"]
