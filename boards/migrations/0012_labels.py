"""Labels: per board, with a colour; several on an item (through ItemLabel, which carries the board).

The items endpoint shows each item's label names and filters by them, so the database raises the board's items
version when a label is put on or taken off an item, and when a label is added, renamed or deleted (a `label`
filter naming it turns valid or not); a new colour shows nowhere in the endpoint and raises nothing. The triggers
reuse 0008_items_version_triggers' PostgreSQL functions.
"""

import importlib

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models

_items_version = importlib.import_module("boards.migrations.0008_items_version_triggers")

POSTGRES_TRIGGERS = """
CREATE TRIGGER boards_itemlabel_inserted AFTER INSERT ON boards_itemlabel
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER boards_itemlabel_updated AFTER UPDATE ON boards_itemlabel
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER boards_itemlabel_deleted AFTER DELETE ON boards_itemlabel
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER boards_label_inserted AFTER INSERT ON boards_label
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER boards_label_renamed AFTER UPDATE ON boards_label
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_moved('name');
CREATE TRIGGER boards_label_deleted AFTER DELETE ON boards_label
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
"""
RAISE = _items_version.RAISE
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER boards_itemlabel_inserted AFTER INSERT ON boards_itemlabel BEGIN {RAISE} = NEW.board_id; END",
    f"CREATE TRIGGER boards_itemlabel_updated AFTER UPDATE ON boards_itemlabel "
    f"BEGIN {RAISE} IN (OLD.board_id, NEW.board_id); END",
    f"CREATE TRIGGER boards_itemlabel_deleted AFTER DELETE ON boards_itemlabel BEGIN {RAISE} = OLD.board_id; END",
    f"CREATE TRIGGER boards_label_inserted AFTER INSERT ON boards_label BEGIN {RAISE} = NEW.board_id; END",
    f"CREATE TRIGGER boards_label_renamed AFTER UPDATE OF board_id, name ON boards_label "
    f"WHEN OLD.board_id IS NOT NEW.board_id OR OLD.name IS NOT NEW.name "
    f"BEGIN {RAISE} IN (OLD.board_id, NEW.board_id); END",
    f"CREATE TRIGGER boards_label_deleted AFTER DELETE ON boards_label BEGIN {RAISE} = OLD.board_id; END",
]
TRIGGERS_ON = {
    "boards_itemlabel_inserted": "boards_itemlabel",
    "boards_itemlabel_updated": "boards_itemlabel",
    "boards_itemlabel_deleted": "boards_itemlabel",
    "boards_label_inserted": "boards_label",
    "boards_label_renamed": "boards_label",
    "boards_label_deleted": "boards_label",
}


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
    for name, table in TRIGGERS_ON.items():
        suffix = f" ON {table}" if schema_editor.connection.vendor == "postgresql" else ""
        schema_editor.execute(f"DROP TRIGGER {name}{suffix}")


COLORS = [
    ("#c62f2f", "Red"),
    ("#e8833a", "Orange"),
    ("#f2c94c", "Yellow"),
    ("#2f9e58", "Green"),
    ("#1d9aa6", "Teal"),
    ("#2f6fdb", "Blue"),
    ("#7d4fd6", "Violet"),
    ("#e05aa8", "Pink"),
    ("#8a94a6", "Grey"),
    ("#8b5e34", "Brown"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0011_board_refinement_minutes"),
    ]

    operations = [
        migrations.CreateModel(
            name="Label",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=50, verbose_name="name")),
                (
                    "color",
                    models.CharField(choices=COLORS, default="#2f6fdb", max_length=7, verbose_name="colour"),
                ),
                (
                    "board",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="labels",
                        to="boards.board",
                        verbose_name="board",
                    ),
                ),
            ],
            options={
                "verbose_name": "label",
                "verbose_name_plural": "labels",
                "ordering": ["board", django.db.models.functions.text.Lower("name"), "pk"],
            },
        ),
        migrations.CreateModel(
            name="ItemLabel",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
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
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="item_labels",
                        to="boards.backlogitem",
                        verbose_name="item",
                    ),
                ),
                (
                    "label",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="item_labels",
                        to="boards.label",
                        verbose_name="label",
                    ),
                ),
            ],
            options={"verbose_name": "item label", "verbose_name_plural": "item labels"},
        ),
        # The relation lives in boards_itemlabel, made above: nothing to add to boards_backlogitem (an AddField would
        # have SQLite rebuild that table for nothing, dropping its triggers).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="backlogitem",
                    name="labels",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="items",
                        through="boards.ItemLabel",
                        to="boards.label",
                        verbose_name="labels",
                    ),
                ),
            ]
        ),
        migrations.AddConstraint(
            model_name="label",
            constraint=models.UniqueConstraint(
                models.F("board"), django.db.models.functions.text.Lower("name"), name="label_name_unique_per_board"
            ),
        ),
        migrations.AddConstraint(
            model_name="label",
            constraint=models.CheckConstraint(
                condition=models.Q(("color__in", [value for value, _ in COLORS])), name="label_color_on_the_palette"
            ),
        ),
        migrations.AddConstraint(
            model_name="itemlabel",
            constraint=models.UniqueConstraint(fields=("item", "label"), name="item_label_once_per_item"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
