"""Items' checklists (sub-tasks): ChecklistEntry.

The items endpoint shows each item's checklist, so the database raises the board's items version on every insert,
update and delete of an entry, as for items and ticks (0008_items_version_triggers, whose PostgreSQL functions these
reuse, and 0009_definitions, the same pattern). A new table: no table is rebuilt, no SQLite trigger is dropped.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_items_version = importlib.import_module("boards.migrations.0008_items_version_triggers")

TABLE = "boards_checklistentry"
POSTGRES_TRIGGERS = f"""
CREATE TRIGGER {TABLE}_inserted AFTER INSERT ON {TABLE}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER {TABLE}_updated AFTER UPDATE ON {TABLE}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER {TABLE}_deleted AFTER DELETE ON {TABLE}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
"""
RAISE = _items_version.RAISE
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER {TABLE}_inserted AFTER INSERT ON {TABLE} BEGIN {RAISE} = NEW.board_id; END",
    f"CREATE TRIGGER {TABLE}_updated AFTER UPDATE ON {TABLE} BEGIN {RAISE} IN (OLD.board_id, NEW.board_id); END",
    f"CREATE TRIGGER {TABLE}_deleted AFTER DELETE ON {TABLE} BEGIN {RAISE} = OLD.board_id; END",
]
TRIGGER_NAMES = [f"{TABLE}_{event}" for event in ("inserted", "updated", "deleted")]


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in _items_version._statements(POSTGRES_TRIGGERS):
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)
    else:
        raise NotImplementedError(f"No items-version triggers for {vendor}: the items pages would go stale.")


def drop_triggers(apps, schema_editor) -> None:
    suffix = f" ON {TABLE}" if schema_editor.connection.vendor == "postgresql" else ""
    for name in TRIGGER_NAMES:
        schema_editor.execute(f"DROP TRIGGER {name}{suffix}")


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0015_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChecklistEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.CharField(max_length=200, verbose_name="text")),
                ("done", models.BooleanField(default=False, verbose_name="done")),
                ("position", models.IntegerField(verbose_name="position")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "board",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="boards.board",
                        verbose_name="board",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="checklist_entries",
                        to="boards.backlogitem",
                        verbose_name="item",
                    ),
                ),
            ],
            options={
                "verbose_name": "checklist entry",
                "verbose_name_plural": "checklist entries",
                "ordering": ["item", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("item", "position"), name="checklist_entry_one_per_position"),
                    models.CheckConstraint(
                        condition=models.Q(("text", ""), _negated=True), name="checklist_entry_text_not_empty"
                    ),
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
