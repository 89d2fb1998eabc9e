"""Full-text search of backlog items (boards.search) and members' saved filters of the backlog.

On PostgreSQL the database fills `search_vector` itself, as it raises `items_version` (0008): a row-level BEFORE
trigger on every insert and every update that writes the title, the description or the acceptance criteria, whatever
code writes (a service, the admin, a bulk `update()`, raw SQL), so the index is never behind the texts. Each text is
indexed with `simple` (words as written: prefixes while typing, names, any language) and with `russian` (Cyrillic
words by the Russian stemmer, Latin ones by the English stemmer), weighted title A, criteria B, description C; the
GIN index serves `search_vector @@ query`. A trigger rather than a generated column: PostgreSQL refuses to change the
type of a column a generated column reads, which would block a later AlterField of `title` (its max_length).

SQLite gets the column empty and no trigger (search there reads the texts). Adding a nullable column without a
default is a plain ALTER TABLE on SQLite: the table is not rebuilt and 0008's triggers stay.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

VECTOR = " || ".join(
    f"setweight(to_tsvector('{config}', coalesce(NEW.{column}, '')), '{weight}')"
    for column, weight in (("title", "A"), ("acceptance_criteria", "B"), ("description", "C"))
    for config in ("simple", "russian")
)

POSTGRES_CREATE = [
    f"""CREATE FUNCTION boards_item_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := {VECTOR};
    RETURN NEW;
END $$""",
    "CREATE TRIGGER boards_item_search_vector BEFORE INSERT OR UPDATE OF title, description, acceptance_criteria"
    " ON boards_backlogitem FOR EACH ROW EXECUTE FUNCTION boards_item_search_vector()",
    # The items written before: a no-op write of the title fires the trigger.
    "UPDATE boards_backlogitem SET title = title",
    "CREATE INDEX boards_item_search ON boards_backlogitem USING gin (search_vector)",
]

POSTGRES_DROP = [
    "DROP INDEX boards_item_search",
    "DROP TRIGGER boards_item_search_vector ON boards_backlogitem",
    "DROP FUNCTION boards_item_search_vector()",
]


def _run(statements: list[str]):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0014_item_jira_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="backlogitem",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(POSTGRES_CREATE), _run(POSTGRES_DROP)),
        migrations.CreateModel(
            name="SavedFilter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=60, verbose_name="name")),
                ("query", models.CharField(max_length=2000, verbose_name="filter")),
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
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "saved filter",
                "verbose_name_plural": "saved filters",
                "constraints": [
                    models.UniqueConstraint(fields=("user", "board", "name"), name="saved_filter_one_name_per_user")
                ],
            },
        ),
    ]
