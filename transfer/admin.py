from django.contrib import admin
from django.http import HttpRequest

from transfer.models import PendingImport


@admin.register(PendingImport)
class PendingImportAdmin(admin.ModelAdmin):
    """Uploads waiting for their preview's "Import" (a day at most): to look at, or to delete."""

    list_display = ["board", "uploaded_by", "name", "created_at"]
    list_select_related = ["board", "uploaded_by"]
    fields = ["board", "uploaded_by", "name", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an upload comes from the import page

    def has_change_permission(self, request: HttpRequest, obj: PendingImport | None = None) -> bool:
        return False
