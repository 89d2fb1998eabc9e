"""What operations record in the database itself, where the app's metrics can read it."""

from django.db import models


class BackupRecord(models.Model):
    """A database backup that finished and was checked readable (deploy/backup.sh inserts the row with psql, after
    `pg_restore --list` read the file). /metrics reports the newest as scrum_backup_last_success_timestamp_seconds,
    and an alert fires when it is over a day old. A backup restores this table too: the restored database shows
    the backups up to the one it came from."""

    finished_at = models.DateTimeField(db_index=True)
    file = models.CharField(max_length=255)
    size_bytes = models.BigIntegerField()
    reason = models.CharField(max_length=20)  # "scheduled", "pre-migrate" or "manual"

    class Meta:
        ordering = ("-finished_at",)

    def __str__(self) -> str:
        return f"{self.file} ({self.reason}, {self.finished_at:%Y-%m-%d %H:%M})"
