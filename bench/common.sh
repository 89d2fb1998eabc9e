# shellcheck shell=bash
# What bench/wrk_bench.sh and bench/replicas_bench.sh share, sourced from the repository's root: the defaults, a
# scratch folder, the processes to stop on exit, and a fresh database that the app runs on with production settings.
#
# Environment: PG_URL (postgres://postgres@127.0.0.1:5432), REDIS_URL (redis://127.0.0.1:6379/4), VENV (.venv).
# After `bench_database NAME`: DATABASE_URL and the production settings are exported, the database is migrated, and
# `session` and `token` hold a demo member's session cookie and API token (bench/bench_auth.py).

PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/4}"
VENV="${VENV:-.venv}"
ROOT="$PWD"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
WORK="$(mktemp -d /tmp/scrum-bench.XXXXXX)"
chmod 755 "$WORK"
pids=()  # the benchmark's own processes, stopped on exit
bench_db=""

stop() {  # stop these processes by PID, politely, then not
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

bench_cleanup() {
  stop "${pids[@]}"
  [ -z "$bench_db" ] || psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $bench_db" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

bench_database() {  # $1: the database's name
  bench_db="$1"
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $bench_db" >/dev/null 2>&1
  psql "$PG_URL/postgres" -qc "CREATE DATABASE $bench_db" >/dev/null
  export DJANGO_SETTINGS_MODULE=scrum_app.settings DEBUG=0 LOG_LEVEL=WARNING
  SECRET_KEY="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))')"
  export SECRET_KEY ALLOWED_HOSTS=127.0.0.1,localhost
  export DATABASE_URL="$PG_URL/$bench_db" REDIS_URL STATIC_ROOT="$WORK/static" TRUSTED_PROXY_IPS=127.0.0.1
  # Plain http through nginx: measure the app, not TLS.
  export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0
  export PYTHON="$ROOT/$VENV/bin/python" GUNICORN="$ROOT/$VENV/bin/gunicorn"
  "$VENV/bin/python" manage.py migrate --noinput --verbosity 0
  # shellcheck disable=SC2034  # the sourcing script sends them
  read -r session token < <("$VENV/bin/python" bench/bench_auth.py)
}

to_ms() {  # wrk prints 1.23ms, 456.00us or 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'
}
