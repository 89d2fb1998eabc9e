"""The board's refinement session length.

On SQLite both operations rebuild boards_board (a new table renamed over the old one). SQLite refuses that rename
while a trigger names the dropped table, and the rebuild drops the table's own triggers, so every trigger that names
boards_board (0008_items_version_triggers and those after it) is set aside first and created again at the end.
"""

from django.db import migrations, models

_set_aside: list[str] = []


def _naming_the_board_table(schema_editor) -> list[tuple[str, str]]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%boards_board%' ORDER BY name"
        )
        return cursor.fetchall()


def triggers_aside(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL alters the table in place and keeps every trigger
    _set_aside.clear()
    for name, sql in _naming_the_board_table(schema_editor):
        _set_aside.append(sql)
        schema_editor.execute(f'DROP TRIGGER "{name}"')


def triggers_back(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in _set_aside:
        schema_editor.execute(sql)
    _set_aside.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0010_merge_0009_definitions_0009_item_split"),
    ]

    operations = [
        migrations.RunPython(triggers_aside, triggers_back),
        migrations.AddField(
            model_name="board",
            name="refinement_minutes",
            field=models.PositiveSmallIntegerField(
                db_default=60, default=60, verbose_name="refinement session (minutes)"
            ),
        ),
        migrations.AddConstraint(
            model_name="board",
            constraint=models.CheckConstraint(
                condition=models.Q(("refinement_minutes__gte", 5), ("refinement_minutes__lte", 240)),
                name="board_refinement_5_to_240_minutes",
            ),
        ),
        migrations.RunPython(triggers_back, triggers_aside),
    ]
