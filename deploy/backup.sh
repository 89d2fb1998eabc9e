#!/usr/bin/env bash
# One PostgreSQL backup of the app's database (docs/operations.md, "Backups"):
#
#   deploy/backup.sh [scheduled|pre-migrate|manual]
#
# pg_dump's custom format (compressed, restorable table by table with pg_restore) into BACKUP_DIR as
# scrum-<UTC time>-<reason>.dump, written under a temporary name and renamed only once `pg_restore --list` has read
# it back, so a file with the final name is a whole, readable dump. Then the retention: dumps older than
# BACKUP_KEEP_DAYS (14) go, but never the newest BACKUP_KEEP_MIN (3), so a stopped schedule does not end with no
# backup at all. Last, the backup is recorded in the app's own table (ops_backuprecord, when it exists yet), which
# /metrics reports and an alert watches.
#
# Environment: BACKUP_DATABASE_URL or DATABASE_URL (a postgres:// URL), BACKUP_DIR, BACKUP_KEEP_DAYS,
# BACKUP_KEEP_MIN. Needs pg_dump, pg_restore and psql of the server's major version or newer (the compose service
# runs in the postgres image; on a server, Debian's postgresql-client).
set -euo pipefail

reason="${1:-manual}"
case "$reason" in
  scheduled|pre-migrate|manual) ;;
  *) echo "backup: reason must be scheduled, pre-migrate or manual, not '$reason'" >&2; exit 2 ;;
esac
url="${BACKUP_DATABASE_URL:-${DATABASE_URL:-}}"
case "$url" in
  postgres://*|postgresql://*) ;;
  *) echo "backup: set BACKUP_DATABASE_URL or DATABASE_URL to a postgres:// URL" >&2; exit 2 ;;
esac
dir="${BACKUP_DIR:?backup: set BACKUP_DIR}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
keep_min="${BACKUP_KEEP_MIN:-3}"

log() { printf '%s backup: %s\n' "$(date -u +%FT%TZ)" "$*"; }

mkdir -p "$dir"
name="scrum-$(date -u +%Y%m%dT%H%M%SZ)-$reason.dump"
partial="$dir/.$name.partial"
trap 'rm -f "$partial"' EXIT

log "dumping to $dir/$name"
pg_dump --format=custom --compress=6 --no-owner --no-acl --file "$partial" "$url"
pg_restore --list "$partial" > /dev/null
mv "$partial" "$dir/$name"
size="$(stat -c %s "$dir/$name")"
log "done: $name, $size bytes"

# Retention: of the dumps older than keep_days, remove those that are not among the newest keep_min.
mapfile -t newest < <(find "$dir" -maxdepth 1 -name 'scrum-*.dump' -printf '%T@ %p\n' | sort -rn | head -n "$keep_min" | cut -d' ' -f2-)
while IFS= read -r old; do
  [ -n "$old" ] || continue
  keep=0
  for kept in "${newest[@]}"; do [ "$kept" = "$old" ] && keep=1; done
  if [ "$keep" = 0 ]; then
    rm -f -- "$old"
    log "removed $(basename "$old") (older than $keep_days days)"
  fi
done < <(find "$dir" -maxdepth 1 -name 'scrum-*.dump' -mtime "+$((keep_days - 1))")

# Recorded from stdin so that psql's variables quote the values. Before the first migration there is no table yet.
recorded="$(psql "$url" --quiet --no-psqlrc -At -c "SELECT to_regclass('ops_backuprecord') IS NOT NULL")"
if [ "$recorded" = t ]; then
  psql "$url" --quiet --no-psqlrc -v ON_ERROR_STOP=1 -v file="$name" -v size="$size" -v reason="$reason" > /dev/null <<'SQL'
INSERT INTO ops_backuprecord (finished_at, file, size_bytes, reason) VALUES (now(), :'file', :'size'::bigint, :'reason');
SQL
else
  log "not recorded: the database has no ops_backuprecord table yet (migrations to come)"
fi
