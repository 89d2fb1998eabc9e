"""`manage.py migrate_locked` on PostgreSQL: processes started together on a fresh database all succeed, one after
another; plain `migrate` run that way is what failed (MigrationSchemaMissing, or one migration applied twice)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from conftest import postgres_only
from scrum_app.testing import postgres_url

ROOT = Path(settings.BASE_DIR)

pytestmark = [postgres_only(), pytest.mark.django_db]


@pytest.fixture
def fresh_database():
    name = f"test_migrate_race_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield postgres_url(name)
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_three_processes_migrating_a_fresh_database_at_once_all_succeed(fresh_database):
    env = {**os.environ, "DATABASE_URL": fresh_database, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "scrum_app.settings"}
    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "migrate_locked", "--verbosity", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    # Exactly one of them applied the migrations; the others waited and found nothing to do.
    assert sum("Applying boards.0001_initial... OK" in output for output in outputs) == 1
    assert sum("No migrations to apply." in output for output in outputs) == 2
    with psycopg.connect(fresh_database) as check:
        applied = check.execute("SELECT count(*) FROM django_migrations WHERE app = 'boards'").fetchone()[0]
    assert applied == len(list((ROOT / "boards" / "migrations").glob("0*.py")))
