#!/bin/sh
# The container's (and the smoke test's) entrypoint. Modes:
#   web      collectstatic when the static files are missing, then gunicorn (WSGI, HTTP). It never migrates unless
#            MIGRATE=1 (a lone process with nobody else to run the `migrate` step): replicas started together would
#            race on the schema (MigrationSchemaMissing), so migrations are a deploy step of their own.
#   ws       gunicorn with uvicorn workers (ASGI) for the WebSockets under /ws/
#   worker   the background tasks' worker (e-mail, the daily digest)
#   migrate  apply migrations under a PostgreSQL advisory lock (manage.py migrate_locked) and exit
#   release  migrate (locked), then publish the image's collected static files to STATIC_PUBLISH_DIR (the volume nginx
#            serves); old hashed files stay, so pages still open in a browser keep their CSS during a deploy.
#            The compose one-shot service and the CD job run this before the web starts.
#   anything else runs as a command, e.g. `entrypoint.sh python manage.py createsuperuser`
set -eu

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
GUNICORN="${GUNICORN:-gunicorn}"

# Migrations may rewrite a big table: they run without the statement timeout requests have (DB_STATEMENT_TIMEOUT_MS).
# `migrate_locked` takes a PostgreSQL advisory lock first: two runs started together wait for each other, and the
# later one finds nothing left to apply (ops/management/commands/migrate_locked.py).
# With BACKUP_DIR set and pg_dump at hand (the systemd path), a backup is taken first whenever there is something to
# apply; in Compose the backup-before-migrate service does it, since the image carries no PostgreSQL client.
migrate() {
  if [ -n "${BACKUP_DIR:-}" ] && command -v pg_dump > /dev/null 2>&1 \
    && ! "$PYTHON" manage.py migrate --check --noinput > /dev/null 2>&1; then
    deploy/backup.sh pre-migrate
  fi
  DB_STATEMENT_TIMEOUT_MS=0 "$PYTHON" manage.py migrate_locked
}

collect_static_if_missing() {
  # The image collects at build time; a checkout (systemd path, smoke test) collects on first start,
  # or on every start with COLLECTSTATIC=1.
  if [ "${COLLECTSTATIC:-0}" = "1" ] || [ ! -f "${STATIC_ROOT:-staticfiles}/staticfiles.json" ]; then
    "$PYTHON" manage.py collectstatic --noinput --verbosity 0
  fi
}

mode="${1:-web}"
case "$mode" in
  web)
    shift || true
    if [ "${MIGRATE:-0}" = "1" ]; then
      migrate
    fi
    collect_static_if_missing
    exec "$GUNICORN" --config gunicorn.conf.py scrum_app.wsgi:application "$@"
    ;;
  ws)
    shift
    exec "$GUNICORN" --config gunicorn.conf.py \
      --worker-class uvicorn_worker.UvicornWorker \
      --bind "${WS_BIND:-0.0.0.0:8001}" \
      --workers "${WS_WORKERS:-2}" \
      scrum_app.asgi:application "$@"
    ;;
  worker)
    shift
    # The daily digest queues its next run itself; this makes sure one is queued (docs/notifications.md).
    "$PYTHON" manage.py send_digests --schedule
    exec "$PYTHON" manage.py db_worker --no-reload --interval "${WORKER_INTERVAL:-1}" "$@"
    ;;
  migrate)
    migrate
    ;;
  release)
    migrate
    collect_static_if_missing
    if [ -n "${STATIC_PUBLISH_DIR:-}" ]; then
      cp -R "${STATIC_ROOT:-staticfiles}/." "$STATIC_PUBLISH_DIR/"
    fi
    ;;
  *)
    exec "$@"
    ;;
esac
