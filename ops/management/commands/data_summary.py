"""`manage.py data_summary`: how many rows each of the app's tables holds, as one JSON object, and whether every
migration is applied. deploy/restore-check.sh compares a restored backup with its source by it."""

import json
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

# The apps whose data a backup must carry whole. Left out: Django's own bookkeeping and sessions, and ops' record of
# backups, which gains the backup's own row only after the dump was taken.
APPS = ("auth", "accounts", "boards", "sprints", "poker", "standups", "retros", "reviews", "timers", "transfer")


class Command(BaseCommand):
    help = "Print the number of rows of every table of the app, and the migrations left to apply, as JSON."

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
        tables = set(connection.introspection.table_names())
        rows = {
            model._meta.label: model._base_manager.count()
            for app in APPS
            for model in apps.get_app_config(app).get_models()
            if model._meta.db_table in tables  # a table of a migration not applied yet is not there to count
        }
        summary = {"unapplied_migrations": len(unapplied), "rows": dict(sorted(rows.items()))}
        self.stdout.write(json.dumps(summary, indent=1))
