#!/usr/bin/env bash
# make backup-check (.ci/run): a backup that cannot be restored fails CI. A database of demo data is made, backed up
# with deploy/backup.sh exactly as the schedule runs it, and the newest backup restored and checked with
# deploy/restore-check.sh against its source, row for row. Everything made is removed at the end.
#
# Environment: PG_URL (postgres://postgres@127.0.0.1:5432), PYTHON (.venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."

export PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
export PYTHON="${PYTHON:-.venv/bin/python}"
source_db="scrum_backup_check_$$"
work="$(mktemp -d /tmp/scrum-backup-check.XXXXXX)"
cleanup() {
  psql "$PG_URL/postgres" --quiet --no-psqlrc -c "DROP DATABASE IF EXISTS $source_db" > /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

psql "$PG_URL/postgres" --quiet --no-psqlrc -v ON_ERROR_STOP=1 -c "CREATE DATABASE $source_db" > /dev/null
export SOURCE_DATABASE_URL="$PG_URL/$source_db"
DEBUG=1 DATABASE_URL="$SOURCE_DATABASE_URL" "$PYTHON" manage.py migrate --noinput --verbosity 0
DEBUG=1 DATABASE_URL="$SOURCE_DATABASE_URL" "$PYTHON" manage.py seed_demo > /dev/null

export BACKUP_DIR="$work/backups"
# An old dump beyond the retention, and the newest three kept whatever their age: the retention is checked too.
mkdir -p "$BACKUP_DIR"
touch -d '40 days ago' "$BACKUP_DIR/scrum-20000101T000000Z-scheduled.dump"
DATABASE_URL="$SOURCE_DATABASE_URL" BACKUP_KEEP_MIN=1 deploy/backup.sh scheduled
if [ -e "$BACKUP_DIR/scrum-20000101T000000Z-scheduled.dump" ]; then
  echo "backup-check: the retention kept a dump older than BACKUP_KEEP_DAYS" >&2
  exit 1
fi
recorded="$(psql "$SOURCE_DATABASE_URL" --quiet --no-psqlrc -At -c "SELECT count(*) FROM ops_backuprecord")"
[ "$recorded" = 1 ] || { echo "backup-check: the backup was not recorded ($recorded rows)" >&2; exit 1; }

deploy/restore-check.sh
