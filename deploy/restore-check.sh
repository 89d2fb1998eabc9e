#!/usr/bin/env bash
# Restore the newest backup into a new database and check it with the app (docs/operations.md, "Backups"):
#
#   deploy/restore-check.sh
#
# pg_restore of BACKUP_DIR's newest scrum-*.dump into a database made for it (dropped at the end), then against it:
# `manage.py check` with production settings, `manage.py migrate --check` (the restored schema is the code's, nothing
# left to apply) and `manage.py data_summary`. With SOURCE_DATABASE_URL the same summary of the source must match
# row for row. Any difference, or a dump that does not restore, fails.
#
# Environment: BACKUP_DIR; PG_URL, the server without a database (postgres://postgres@127.0.0.1:5432); PYTHON
# (.venv/bin/python); SOURCE_DATABASE_URL (optional).
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${BACKUP_DIR:?restore-check: set BACKUP_DIR}"
pg="${PG_URL:?restore-check: set PG_URL to the server, without a database}"
python="${PYTHON:-.venv/bin/python}"
latest="$(find "$dir" -maxdepth 1 -name 'scrum-*.dump' -printf '%T@ %p\n' | sort -rn | head -n 1 | cut -d' ' -f2-)"
[ -n "$latest" ] || { echo "restore-check: no backup in $dir" >&2; exit 1; }

db="scrum_restore_check_$$"
psql "$pg/postgres" --quiet --no-psqlrc -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" > /dev/null
trap 'psql "$pg/postgres" --quiet --no-psqlrc -c "DROP DATABASE IF EXISTS $db" > /dev/null' EXIT

echo "restore-check: restoring $(basename "$latest") into $db"
pg_restore --no-owner --no-acl --exit-on-error --dbname "$pg/$db" "$latest"

secret="$("$python" -c 'import secrets; print(secrets.token_urlsafe(64))')"
app() {
  DJANGO_SETTINGS_MODULE=scrum_app.settings DEBUG=0 SECRET_KEY="$secret" ALLOWED_HOSTS=restore.invalid \
    "$python" manage.py "$@"
}
DATABASE_URL="$pg/$db" app check --database default --fail-level WARNING
DATABASE_URL="$pg/$db" app migrate --check --noinput
DATABASE_URL="$pg/$db" app data_summary > "$dir/.restored.json"
if [ -n "${SOURCE_DATABASE_URL:-}" ]; then
  DATABASE_URL="$SOURCE_DATABASE_URL" app data_summary > "$dir/.source.json"
  if ! diff -u "$dir/.source.json" "$dir/.restored.json"; then
    echo "restore-check: the restored database differs from its source" >&2
    exit 1
  fi
fi
rows="$("$python" -c 'import json, sys; print(sum(json.load(open(sys.argv[1]))["rows"].values()))' "$dir/.restored.json")"
echo "restore-check: restored and checked: $rows rows, no migration left to apply"
