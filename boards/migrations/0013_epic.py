"""Epics: the kind `epic`, and each item's `epic` (an epic of its board, which the services check).

On SQLite, replacing the kind's check constraint rebuilds boards_backlogitem, which drops its triggers: the
items-version triggers of 0008_items_version_triggers on that table are created again after it (and again when the
migration is undone, which rebuilds it once more), and the users' rename trigger, which reads the table, is taken
off during the rebuild. PostgreSQL alters the table in place and keeps them all.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_items_version = importlib.import_module("boards.migrations.0008_items_version_triggers")

# The triggers on boards_backlogitem, and the one whose body reads it: SQLite refuses to rename the rebuilt table
# into place while a trigger of another table names the table that was dropped.
REBUILT = [name for name in _items_version.TRIGGER_NAMES if name.startswith("boards_item_")] + ["boards_user_renamed"]


def _sqlite(apps, schema_editor) -> bool:
    return schema_editor.connection.vendor == "sqlite"


def triggers_off(apps, schema_editor) -> None:
    if _sqlite(apps, schema_editor):
        for name in REBUILT:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def triggers_again(apps, schema_editor) -> None:
    if not _sqlite(apps, schema_editor):
        return
    triggers_off(apps, schema_editor)
    names = _items_version._names(apps, schema_editor)
    for sql in _items_version.SQLITE_TRIGGERS:
        if any(f"TRIGGER {name} " in sql for name in REBUILT):
            schema_editor.execute(sql.format(**names))


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0012_labels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Off before the rebuild, on again after it; undone, the same in reverse.
        migrations.RunPython(triggers_off, triggers_again),
        migrations.RemoveConstraint(model_name="backlogitem", name="item_kind_valid"),
        migrations.AlterField(
            model_name="backlogitem",
            name="kind",
            field=models.CharField(
                choices=[("story", "Story"), ("bug", "Bug"), ("chore", "Chore"), ("epic", "Epic")],
                default="story",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="backlogitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["story", "bug", "chore", "epic"])), name="item_kind_valid"
            ),
        ),
        migrations.AddField(
            model_name="backlogitem",
            name="epic",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "epic"},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="epic_items",
                to="boards.backlogitem",
                verbose_name="epic",
            ),
        ),
        migrations.RunPython(triggers_again, triggers_off),
    ]
