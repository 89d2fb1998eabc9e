from django.contrib import admin
from django.http import HttpRequest

from ops.models import BackupRecord


@admin.register(BackupRecord)
class BackupRecordAdmin(admin.ModelAdmin):
    """The backups deploy/backup.sh took and checked: to look at (the dumps themselves are files on the server)."""

    list_display = ["finished_at", "file", "size_bytes", "reason"]
    list_filter = ["reason"]
    fields = list_display
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only a backup that finished writes a row

    def has_change_permission(self, request: HttpRequest, obj: BackupRecord | None = None) -> bool:
        return False
