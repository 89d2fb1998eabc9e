from django.contrib import admin

from timers.models import Timer


@admin.register(Timer)
class TimerAdmin(admin.ModelAdmin):
    list_display = ["ceremony", "board", "sprint", "started_at", "ends_at", "stopped_at"]
    list_filter = ["ceremony"]
    raw_id_fields = ["board", "sprint", "started_by"]
