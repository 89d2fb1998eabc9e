"""Settings for `make lint-migrations`: django-migration-linter (a dev requirement) finds migrations that the release
before them could not run beside, e.g. a NOT NULL column without a database default, a dropped or renamed column.
During a rolling deploy the old replicas keep serving on the new schema (docs/operations.md, "Migrations")."""

from scrum_app.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]  # noqa: F405

MIGRATION_LINTER_OPTIONS = {
    "no_cache": True,
    # Other projects' migrations are theirs to check.
    "exclude_apps": ["admin", "auth", "authtoken", "contenttypes", "sessions", "django_tasks_database"],
    # Migrations released before this check, each reviewed; a new migration is never added here without a reason.
    "ignore_name": [
        "0002_initial",  # boards: the first tables, created before any code used them
        "0014_item_jira_key",  # boards: a unique constraint on a new nullable column the old code never sets
        "0017_invitation_by_email",  # boards: conditional unique constraints on a new column (db_default '')
        "0002_sprint_commitment_and_completion",  # sprints: released before rolling deploys
        "0003_timebox_to_timers",  # standups: dropped columns, released before rolling deploys
    ],
}
