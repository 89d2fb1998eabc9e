from django.contrib import admin

from sprints.models import Sprint


@admin.register(Sprint)
class SprintAdmin(admin.ModelAdmin):
    list_display = ["__str__", "board", "state", "start_date", "end_date"]
    list_filter = ["state"]
    list_select_related = ["board"]
