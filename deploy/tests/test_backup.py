"""deploy/backup.sh and deploy/restore-check.sh on PostgreSQL: a dump is whole and readable before it has its name,
it is recorded where /metrics reads it, old dumps go but never the newest, and a dump that does not restore fails
the check. (`make backup-check` in .ci/run restores one into a new database for real.)"""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from conftest import postgres_only
from ops.models import BackupRecord
from scrum_app.testing import postgres_url

ROOT = Path(settings.BASE_DIR)

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def run(script: str, *args: str, **environ: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": postgres_url(), **environ}
    return subprocess.run(
        ["bash", str(ROOT / "deploy" / script), *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_a_backup_is_a_readable_dump_named_by_its_reason_and_recorded(tmp_path):
    done = run("backup.sh", "pre-migrate", BACKUP_DIR=str(tmp_path))
    assert done.returncode == 0, done.stderr
    [dump] = tmp_path.glob("scrum-*.dump")
    assert dump.name.endswith("-pre-migrate.dump")
    assert not list(tmp_path.glob(".*.partial"))
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True)
    assert "TABLE DATA public boards_backlogitem" in listing.stdout
    record = BackupRecord.objects.get()
    assert (record.file, record.reason, record.size_bytes) == (dump.name, "pre-migrate", dump.stat().st_size)


def test_old_dumps_go_but_never_the_newest_ones(tmp_path):
    for day in ("20260101", "20260102", "20260103"):
        old = tmp_path / f"scrum-{day}T000000Z-scheduled.dump"
        old.write_bytes(b"x")
        os.utime(old, (0, 0))  # 1970: far past any retention
    done = run("backup.sh", "scheduled", BACKUP_DIR=str(tmp_path), BACKUP_KEEP_DAYS="7", BACKUP_KEEP_MIN="3")
    assert done.returncode == 0, done.stderr
    # The new one and the two newest of the old stay: three in all.
    assert len(list(tmp_path.glob("scrum-*.dump"))) == 3
    assert "removed scrum-" in done.stdout


@pytest.mark.parametrize(
    ("args", "environ", "message"),
    [
        (["hourly"], {}, "reason must be scheduled, pre-migrate or manual"),
        (["manual"], {"DATABASE_URL": "sqlite:///db.sqlite3"}, "postgres:// URL"),
    ],
)
def test_bad_arguments_are_refused_saying_why(tmp_path, args, environ, message):
    done = run("backup.sh", *args, BACKUP_DIR=str(tmp_path), **environ)
    assert done.returncode == 2 and message in done.stderr
    assert not list(tmp_path.iterdir())


def test_a_dump_that_does_not_restore_fails_the_check(tmp_path):
    assert run("backup.sh", "manual", BACKUP_DIR=str(tmp_path)).returncode == 0
    [dump] = tmp_path.glob("scrum-*.dump")
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])  # cut in half, as a full disk leaves it
    server = postgres_url().rsplit("/", 1)[0]
    done = run(
        "restore-check.sh", BACKUP_DIR=str(tmp_path), PG_URL=server, PYTHON=str(ROOT / ".venv" / "bin" / "python")
    )
    assert done.returncode != 0
    assert "pg_restore" in done.stderr
