"""The database raises a board's `items_version` itself, whenever a row the items endpoint shows changes.

The endpoint caches its pages under the version (boards.api.page_cache). It was raised by a call every writer had to
remember; with these triggers no write can skip it, whether it comes through a service, the admin, a bulk ORM
`update()` or `delete()`, a script or raw SQL, and the raise commits or rolls back with the write. Triggers on:

- backlog items: inserted, updated (a move to another board raises both boards), deleted;
- memberships: inserted, deleted, or given to another user or board (the `assignee` filter takes a member's
  username; a role change shows nowhere in the list);
- users: renamed (items show their assignee's and creator's usernames; a member's name is an `assignee` filter).
  A deleted user needs none: Django nulls their items' assignee and creator and deletes their memberships first,
  which raise through the triggers above, and the foreign keys refuse a raw delete that would leave them behind;
- sprints: renumbered or moved to another board (items show their sprint's number, and filter by it);
- boards: a save that writes back an older `items_version` (a `save()` without `update_fields` from a board read
  before a raise) keeps the newer one, so a version number is never used twice for different data.

PostgreSQL raises once per statement and board (statement-level triggers reading the transition tables, so a bulk
update of 300 items is one raise, not 300); SQLite has only row-level triggers, which raise once per row.

Locks: the raise writes the board row. A service already holds it (boards.locks: the board comes first), so the
raise waits for nobody. A bulk statement outside the services holds its item rows when the raise asks for the board
row, the reverse of the services' order: if a service of the same board is waiting for one of those items at that
moment, PostgreSQL detects the deadlock within `deadlock_timeout` and rolls one of the two back; neither commits
half a change, and no page is served stale. Scripts that write items beside users lock the boards first
(boards.locks.lock_boards). Several boards are locked in id order, as lock_boards does, so two bulk statements never
wait on each other's boards crosswise.

SQLite drops a table's triggers when Django rebuilds the table (SQLite's way to alter a column): a later migration
that alters one of these tables on SQLite must create them again (`create_triggers` below); the test
boards/tests/test_items_version.py fails on SQLite if it does not.
"""

import re

from django.conf import settings
from django.db import migrations

# --- PostgreSQL -------------------------------------------------------------------------------------------------

POSTGRES_FUNCTIONS = """
CREATE FUNCTION boards_items_version_raise(board_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(board_ids) > 1 THEN
        -- In id order (boards.locks.lock_boards), so two writers of several boards never wait crosswise.
        PERFORM 1 FROM boards_board WHERE id = ANY(board_ids) ORDER BY id FOR NO KEY UPDATE;
    END IF;
    UPDATE boards_board SET items_version = items_version + 1 WHERE id = ANY(board_ids);
END $$;

-- For a table with a board_id column (items, memberships): the boards of the rows the statement wrote.
CREATE FUNCTION boards_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM boards_items_version_raise(ARRAY(SELECT DISTINCT board_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM boards_items_version_raise(ARRAY(SELECT DISTINCT board_id FROM old_rows));
    ELSE
        PERFORM boards_items_version_raise(
            ARRAY(SELECT board_id FROM old_rows UNION SELECT board_id FROM new_rows)
        );
    END IF;
    RETURN NULL;
END $$;

-- For a table with a board_id column whose rows show by one more column (TG_ARGV[0]: a membership's user, a
-- sprint's number): the boards of the rows whose board or that column the statement changed.
CREATE FUNCTION boards_rows_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM boards_items_version_raise(ARRAY(
        SELECT DISTINCT unnest(ARRAY[o.board_id, n.board_id])
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.board_id IS DISTINCT FROM n.board_id
            OR to_jsonb(o) -> TG_ARGV[0] IS DISTINCT FROM to_jsonb(n) -> TG_ARGV[0]
    ));
    RETURN NULL;
END $$;

CREATE FUNCTION boards_user_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Most updates of users are logins (last_login): they rename nobody and raise nothing.
    PERFORM boards_items_version_raise(ARRAY(
        WITH renamed AS (
            SELECT n.{pk} AS id FROM old_rows o JOIN new_rows n ON n.{pk} = o.{pk}
            WHERE o.{username} IS DISTINCT FROM n.{username}
        )
        SELECT board_id FROM boards_backlogitem WHERE assignee_id IN (SELECT id FROM renamed)
        UNION SELECT board_id FROM boards_backlogitem WHERE created_by_id IN (SELECT id FROM renamed)
        UNION SELECT board_id FROM boards_membership WHERE user_id IN (SELECT id FROM renamed)
    ));
    RETURN NULL;
END $$;

CREATE FUNCTION boards_items_version_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.items_version := OLD.items_version;
    RETURN NEW;
END $$;
"""

# PostgreSQL allows transition tables on a trigger of one event only: one trigger per event.
POSTGRES_TRIGGERS = """
CREATE TRIGGER boards_item_inserted AFTER INSERT ON boards_backlogitem
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER boards_item_updated AFTER UPDATE ON boards_backlogitem
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER boards_item_deleted AFTER DELETE ON boards_backlogitem
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER boards_membership_inserted AFTER INSERT ON boards_membership
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER boards_membership_deleted AFTER DELETE ON boards_membership
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_changed();
CREATE TRIGGER boards_membership_moved AFTER UPDATE ON boards_membership
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_moved('user_id');
CREATE TRIGGER boards_sprint_renumbered AFTER UPDATE ON sprints_sprint
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_rows_moved('number');
CREATE TRIGGER boards_user_renamed AFTER UPDATE ON {users}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION boards_user_renamed();
CREATE TRIGGER boards_items_version_kept BEFORE UPDATE OF items_version ON boards_board
    FOR EACH ROW WHEN (NEW.items_version < OLD.items_version) EXECUTE FUNCTION boards_items_version_kept();
"""

POSTGRES_DROP = """
DROP TRIGGER boards_item_inserted ON boards_backlogitem;
DROP TRIGGER boards_item_updated ON boards_backlogitem;
DROP TRIGGER boards_item_deleted ON boards_backlogitem;
DROP TRIGGER boards_membership_inserted ON boards_membership;
DROP TRIGGER boards_membership_deleted ON boards_membership;
DROP TRIGGER boards_membership_moved ON boards_membership;
DROP TRIGGER boards_sprint_renumbered ON sprints_sprint;
DROP TRIGGER boards_user_renamed ON {users};
DROP TRIGGER boards_items_version_kept ON boards_board;
DROP FUNCTION boards_rows_changed();
DROP FUNCTION boards_rows_moved();
DROP FUNCTION boards_user_renamed();
DROP FUNCTION boards_items_version_kept();
DROP FUNCTION boards_items_version_raise(bigint[]);
"""

# --- SQLite -----------------------------------------------------------------------------------------------------

RAISE = "UPDATE boards_board SET items_version = items_version + 1 WHERE id"

SQLITE_TRIGGERS = [
    f"CREATE TRIGGER boards_item_inserted AFTER INSERT ON boards_backlogitem BEGIN {RAISE} = NEW.board_id; END",
    f"CREATE TRIGGER boards_item_updated AFTER UPDATE ON boards_backlogitem "
    f"BEGIN {RAISE} IN (OLD.board_id, NEW.board_id); END",
    f"CREATE TRIGGER boards_item_deleted AFTER DELETE ON boards_backlogitem BEGIN {RAISE} = OLD.board_id; END",
    f"CREATE TRIGGER boards_membership_inserted AFTER INSERT ON boards_membership BEGIN {RAISE} = NEW.board_id; END",
    f"CREATE TRIGGER boards_membership_deleted AFTER DELETE ON boards_membership BEGIN {RAISE} = OLD.board_id; END",
    f"CREATE TRIGGER boards_membership_moved AFTER UPDATE OF board_id, user_id ON boards_membership "
    f"WHEN OLD.board_id IS NOT NEW.board_id OR OLD.user_id IS NOT NEW.user_id "
    f"BEGIN {RAISE} IN (OLD.board_id, NEW.board_id); END",
    f"CREATE TRIGGER boards_sprint_renumbered AFTER UPDATE OF board_id, number ON sprints_sprint "
    f"WHEN OLD.board_id IS NOT NEW.board_id OR OLD.number IS NOT NEW.number "
    f"BEGIN {RAISE} IN (OLD.board_id, NEW.board_id); END",
    "CREATE TRIGGER boards_user_renamed AFTER UPDATE OF {username} ON {users} "
    "WHEN OLD.{username} IS NOT NEW.{username} "
    f"BEGIN {RAISE} IN ("
    "SELECT board_id FROM boards_backlogitem WHERE assignee_id = NEW.{pk} OR created_by_id = NEW.{pk} "
    "UNION SELECT board_id FROM boards_membership WHERE user_id = NEW.{pk}); END",
    # SQLite's triggers do not fire themselves again (recursive_triggers is off): this update is final.
    "CREATE TRIGGER boards_items_version_kept AFTER UPDATE OF items_version ON boards_board "
    "WHEN NEW.items_version < OLD.items_version "
    "BEGIN UPDATE boards_board SET items_version = OLD.items_version WHERE id = NEW.id; END",
]

TRIGGER_NAMES = [
    "boards_item_inserted",
    "boards_item_updated",
    "boards_item_deleted",
    "boards_membership_inserted",
    "boards_membership_deleted",
    "boards_membership_moved",
    "boards_sprint_renumbered",
    "boards_user_renamed",
    "boards_items_version_kept",
]


def _names(apps, schema_editor) -> dict[str, str]:
    """The user table's names, quoted: the user model may be swapped."""
    user = apps.get_model(settings.AUTH_USER_MODEL)
    quote = schema_editor.quote_name
    return {
        "users": quote(user._meta.db_table),
        "pk": quote(user._meta.pk.column),
        "username": quote(user._meta.get_field("username").column),
    }


def _statements(script: str) -> list[str]:
    """One statement at a time: a prepared statement (server-side binding) holds one. Functions end with `$$;`."""
    return [sql.strip() for sql in re.split(r"(?<=\$\$);|;(?=\n(?:CREATE|DROP))", script) if sql.strip()]


def create_triggers(apps, schema_editor) -> None:
    names = _names(apps, schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        functions = POSTGRES_FUNCTIONS.replace("{pk}", names["pk"]).replace("{username}", names["username"])
        for sql in _statements(functions + POSTGRES_TRIGGERS.replace("{users}", names["users"])):
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql.format(**names))
    else:
        raise NotImplementedError(f"No items-version triggers for {vendor}: the items pages would go stale.")


def drop_triggers(apps, schema_editor) -> None:
    names = _names(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        for sql in _statements(POSTGRES_DROP.replace("{users}", names["users"])):
            schema_editor.execute(sql)
    else:
        for name in TRIGGER_NAMES:
            schema_editor.execute(f"DROP TRIGGER {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0007_verbose_names"),
        ("sprints", "0004_labels_in_russian_and_english"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
