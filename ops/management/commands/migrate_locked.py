"""`manage.py migrate_locked`: `migrate`, one process at a time across every machine sharing the database.

Two processes migrating at once (two replicas started together, a deploy and a restart) race on the same tables: on
a fresh database the second fails creating django_migrations (MigrationSchemaMissing), and on a live one both try
the same migration. Here each first takes a PostgreSQL advisory lock, so the second waits, then finds nothing left
to apply. The lock is held by a connection of its own, outside Django's pool, so that it lasts exactly as long as
this command (a pooled connection given back would keep its session, and the lock, alive). Deploys run this as
their own step (deploy/entrypoint.sh `migrate`, the Compose `migrate` service, the Kubernetes Job); web and ws
replicas never migrate. On SQLite (make run) it is plain `migrate`.
"""

from typing import Any

import psycopg
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

# Any fixed 64-bit number the app uses for nothing else: the key of "migrating now".
MIGRATION_LOCK_KEY = 0x5C2D_4D49_4752_4154


class Command(BaseCommand):
    help = "Apply migrations under a PostgreSQL advisory lock: concurrent runs wait for each other."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lock-timeout", type=int, default=600, help="Seconds to wait for the lock (600).")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        verbosity = options["verbosity"]
        if connection.vendor != "postgresql":
            call_command("migrate", interactive=False, verbosity=verbosity)
            return
        params = {**connection.get_connection_params(), "autocommit": True}
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params) as holder:
            # Waiting is bounded by lock_timeout, not by the statement_timeout requests have.
            holder.execute("SELECT set_config('statement_timeout', '0', false)")
            holder.execute("SELECT set_config('lock_timeout', %s, false)", [f"{options['lock_timeout']}s"])
            if verbosity:
                self.stdout.write("Waiting for the migration lock…")
            holder.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
            try:
                call_command("migrate", interactive=False, verbosity=verbosity)
            finally:
                holder.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])
