#!/usr/bin/env bash
# make smoke: the production-like smoke test. The container's entrypoint (migrate, then collectstatic, gunicorn) runs
# from this checkout with production settings (DEBUG off) against PostgreSQL and Redis, with the WebSocket server
# beside it, and Debian's nginx in front with the repo's TLS site (deploy/nginx/compose-tls.conf, rendered onto
# loopback ports with a throwaway certificate). Every check goes through nginx. Then the server-without-Docker
# path: gunicorn on a socket handed over as systemd's gunicorn.socket does, behind deploy/nginx/systemd-site.conf.
# Loopback only; everything started here is stopped by its PID, the database dropped and the folder removed.
#
# Environment: PG_URL (postgres://postgres@127.0.0.1:5432), REDIS_URL (redis://127.0.0.1:6379/4),
# HTTP_PORT (8280), HTTPS_PORT (8443), WEB_PORT (8203), WS_PORT (8204), VENV (.venv), SMOKE_DB_NAME (scrum_smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/4}"
HTTP_PORT="${HTTP_PORT:-8280}"
HTTPS_PORT="${HTTPS_PORT:-8443}"
WEB_PORT="${WEB_PORT:-8203}"
WS_PORT="${WS_PORT:-8204}"
VENV="${VENV:-.venv}"
DB_NAME="${SMOKE_DB_NAME:-scrum_smoke}"
BASE="https://localhost:$HTTPS_PORT"

WORK="$(mktemp -d /tmp/scrum-smoke.XXXXXX)"
chmod 755 "$WORK"  # nginx's workers (user nobody) read the static files under it
pids=()
started=$SECONDS
failures=0
checks=0

cleanup() {
  status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1 || true
  if [ $status -ne 0 ] || [ $failures -ne 0 ]; then
    echo "---- last lines of the logs"
    tail -n 15 "$WORK"/web.log "$WORK"/ws.log "$WORK"/nginx/error.log 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

pass() { checks=$((checks + 1)); echo "  ok    $1"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "  FAIL  $1"; }
expect() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', expected '$3'"; fi; }
# curl through nginx: localhost resolves to the loopback address, -k for the self-signed certificate.
fetch() { curl -sk --max-time 10 --resolve "localhost:$HTTPS_PORT:127.0.0.1" --resolve "localhost:$HTTP_PORT:127.0.0.1" "$@"; }
header() { { grep -i "^$1:" || true; } | head -1 | cut -d' ' -f2- | tr -d '\r'; }

echo "== production settings, fresh database $DB_NAME"
psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1
psql "$PG_URL/postgres" -qc "CREATE DATABASE $DB_NAME" >/dev/null
export DJANGO_SETTINGS_MODULE=scrum_app.settings DEBUG=0 LOG_FORMAT=json
SECRET_KEY="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))')"
export SECRET_KEY
# No CSRF_TRUSTED_ORIGINS: the login below passes only if nginx hands Django the Host with its port (:8443).
export ALLOWED_HOSTS=localhost
export DATABASE_URL="$PG_URL/$DB_NAME" REDIS_URL
export STATIC_ROOT="$WORK/static" TRUSTED_PROXY_IPS=127.0.0.1 FORWARDED_ALLOW_IPS=127.0.0.1
export GUNICORN_BIND="127.0.0.1:$WEB_PORT" WS_BIND="127.0.0.1:$WS_PORT" WEB_CONCURRENCY=2 WS_WORKERS=1
export PYTHON="$ROOT/$VENV/bin/python" GUNICORN="$ROOT/$VENV/bin/gunicorn"
# The systemd path's pre-migration backup (deploy/entrypoint.sh): the fresh database has migrations to apply.
export BACKUP_DIR="$WORK/backups"

echo "== deploy/entrypoint.sh migrate (once, under the advisory lock), then web (collectstatic, gunicorn) and ws"
# The deploy's own step, as the systemd unit's ExecStartPre and the Compose `migrate` service run it: web never
# migrates by itself (MIGRATE defaults to 0).
deploy/entrypoint.sh migrate > "$WORK/migrate.log" 2>&1 || { tail -20 "$WORK/migrate.log"; exit 1; }
deploy/entrypoint.sh web > "$WORK/web.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do curl -fs -o /dev/null "http://127.0.0.1:$WEB_PORT/healthz" && break; sleep 0.5; done
deploy/entrypoint.sh ws > "$WORK/ws.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do curl -fs -o /dev/null "http://127.0.0.1:$WS_PORT/healthz" && break; sleep 0.5; done

echo "== Debian nginx with deploy/nginx/compose-tls.conf on 127.0.0.1:$HTTP_PORT (http) and :$HTTPS_PORT (https)"
mkdir -p "$WORK/nginx"
conf="$("$VENV/bin/python" deploy/nginx_conf.py render deploy/nginx/compose-tls.conf "$WORK/nginx" \
  --http-port "$HTTP_PORT" --https-port "$HTTPS_PORT" --web-port "$WEB_PORT" --ws-port "$WS_PORT" \
  --static-parent "$WORK")"
nginx -p "$WORK/nginx" -c "$conf" -g 'daemon off;' > "$WORK/nginx.out" 2>&1 &
nginx_pid=$!
pids+=("$nginx_pid")
for _ in $(seq 40); do fetch -o /dev/null "$BASE/healthz" && break; sleep 0.25; done
echo "   up after $((SECONDS - started)) s"

echo "== checks through nginx"
if find "$BACKUP_DIR" -name 'scrum-*-pre-migrate.dump' | grep -q .; then
  pass "a backup was taken before the migrations ($(basename "$(find "$BACKUP_DIR" -name 'scrum-*.dump' | head -1)"))"
else
  fail "no pre-migration backup in $BACKUP_DIR"
fi
headers="$(fetch -D - -o "$WORK/body" "$BASE/healthz")"
expect "/healthz answers 200" "$(echo "$headers" | head -1 | cut -d' ' -f2)" "200"
expect "/healthz reports the database and Redis" "$(cat "$WORK/body")" '{"status": "ok", "database": "ok", "redis": "ok"}'
request_id="$(echo "$headers" | header X-Request-ID)"
if grep -q "\"request_id\": \"$request_id\"" "$WORK/web.log" && [ -n "$request_id" ]; then
  pass "nginx's request id ($request_id) is in the app's JSON access log"
else
  fail "nginx's request id '$request_id' is not in the app's log"
fi
if grep -q "Waiting for the migration lock" "$WORK/migrate.log"; then
  pass "the migrations ran under the advisory lock (manage.py migrate_locked)"
else
  fail "the migrate step did not take the migration lock"
fi
# collectstatic's own output comes first, as plain text; from gunicorn's start on, only JSON.
if "$VENV/bin/python" -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
start = next(i for i, line in enumerate(lines) if "Starting gunicorn" in line)
entries = [json.loads(line) for line in lines[start:] if line.strip()]
print(len(entries))' "$WORK/web.log" > "$WORK/count"; then
  pass "every line gunicorn and Django wrote is a JSON object ($(cat "$WORK/count") lines)"
else
  fail "a log line is not JSON"
fi

# Metrics: refused through the public site; on the internal side (gunicorn's own port) the workers' samples added up.
expect "/metrics through nginx is refused" "$(fetch -o /dev/null -w '%{http_code}' "$BASE/metrics")" "404"
for _ in 1 2 3 4 5 6; do fetch -o /dev/null "$BASE/accounts/login/"; done
curl -s --max-time 10 "http://127.0.0.1:$WEB_PORT/metrics" > "$WORK/metrics" || true
logins="$(grep -E '^scrum_http_requests_total\{.*route="accounts/login/".*status="200"' "$WORK/metrics" | awk '{s += $2} END {print s + 0}')"
if [ "${logins%.*}" -ge 6 ]; then
  pass "/metrics on the web port counts the login page over every worker ($logins requests)"
else
  fail "/metrics on the web port: login page count '$logins'"
fi
if grep -q '^scrum_health_ok{check="database"} 1.0' "$WORK/metrics" && grep -q '^scrum_db_queries_per_request_bucket' "$WORK/metrics"; then
  pass "/metrics reports the health checks and the queries per request"
else
  fail "/metrics lacks the health checks or the query histogram"
fi
expect "/metrics on the ws port answers" "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$WS_PORT/metrics")" "200"

# Certificates renew while nginx serves: port 80 answers ACME's challenge files itself (deploy/renew-certs.sh).
mkdir -p "$WORK/nginx/www/acme/.well-known/acme-challenge"
echo "token-$$" > "$WORK/nginx/www/acme/.well-known/acme-challenge/smoke-token"
expect "port 80 serves an ACME challenge file (webroot renewal)" \
  "$(fetch "http://localhost:$HTTP_PORT/.well-known/acme-challenge/smoke-token")" "token-$$"

headers="$(fetch -D - -o /dev/null "http://localhost:$HTTP_PORT/accounts/login/?next=/b/x/")"
expect "plain http is redirected to https" "$(echo "$headers" | head -1 | cut -d' ' -f2)" "301"
expect "the redirect keeps the path" "$(echo "$headers" | header Location)" "https://localhost/accounts/login/?next=/b/x/"

headers="$(fetch -D - -o "$WORK/body" "$BASE/accounts/login/")"
expect "the login page answers 200" "$(echo "$headers" | head -1 | cut -d' ' -f2)" "200"
if grep -q 'name="password"' "$WORK/body"; then pass "the login page has its form"; else fail "no login form"; fi
expect "HSTS over https" "$(echo "$headers" | header Strict-Transport-Security)" "max-age=31536000; includeSubDomains; preload"
expect "X-Frame-Options sent once" "$(echo "$headers" | grep -ci '^X-Frame-Options:')" "1"
expect "nosniff" "$(echo "$headers" | header X-Content-Type-Options)" "nosniff"
# The app's own policy (a nonce appears only on pages that use one): scripts from the site only, never inline.
csp="$(echo "$headers" | header Content-Security-Policy)"
if echo "$csp" | grep -q "script-src 'self'" && ! echo "$csp" | grep -q "unsafe-inline"; then
  pass "the app's CSP passes through (scripts from the site only)"
else
  fail "no CSP, or one that allows inline scripts: $csp"
fi
# The Russian catalogue ships with the code: a browser asking for Russian gets the page in Russian.
if fetch -H "Accept-Language: ru" "$BASE/accounts/login/" | grep -q '<h1>Войти</h1>'; then
  pass "a Russian browser gets the login page in Russian"
else
  fail "no Russian login page for Accept-Language: ru"
fi
if echo "$headers" | grep -qi '^Set-Cookie: csrftoken=.*; Secure'; then
  pass "cookies are Secure (Django sees https through X-Forwarded-Proto)"
else
  fail "the CSRF cookie is not Secure"
fi

# A real login through nginx: CSRF token and Origin check, Secure cookies over https, the redirect after login.
"$VENV/bin/python" manage.py shell -c "from django.contrib.auth import get_user_model as m; m().objects.create_user('smoke-login', password='smoke-pass-2026')"
jar="$WORK/cookies"
fetch -c "$jar" -o "$WORK/body" "$BASE/accounts/login/"
csrf="$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' "$WORK/body" | head -1 | sed 's/.*value="//; s/"$//')"
headers="$(fetch -b "$jar" -c "$jar" -D - -o /dev/null -H "Origin: $BASE" -H "Referer: $BASE/accounts/login/" \
  --data-urlencode "csrfmiddlewaretoken=$csrf" --data-urlencode username=smoke-login \
  --data-urlencode password=smoke-pass-2026 "$BASE/accounts/login/")"
expect "logging in through nginx redirects (CSRF and Origin accepted)" "$(echo "$headers" | head -1 | cut -d' ' -f2)" "302"
expect "the session cookie is set" "$(grep -c sessionid "$jar")" "1"

hashed="$("$VENV/bin/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["paths"]["css/app.css"])' "$STATIC_ROOT/staticfiles.json")"
headers="$(fetch -D - -o /dev/null -H 'Accept-Encoding: gzip' "$BASE/static/$hashed")"
expect "the hashed static file /static/$hashed answers 200" "$(echo "$headers" | head -1 | cut -d' ' -f2)" "200"
expect "it is cached for a year, immutable" "$(echo "$headers" | header Cache-Control)" "public, max-age=31536000, immutable"
expect "its precompressed .gz is sent" "$(echo "$headers" | header Content-Encoding)" "gzip"
if grep -q "/static/" "$WORK/web.log"; then fail "gunicorn served a static file"; else pass "nginx served it from disk (gunicorn never saw it)"; fi
expect "the manifest is not served" "$(fetch -o /dev/null -w '%{http_code}' "$BASE/static/staticfiles.json")" "404"

expect "a bad Host header is refused" "$(fetch -o /dev/null -w '%{http_code}' -H 'Host: evil.example' "$BASE/accounts/login/")" "400"

code="$(fetch -o "$WORK/body" -w '%{http_code}' "$BASE/no-such-page/")"
expect "an unknown page is 404" "$code" "404"
if grep -qiE 'traceback|URLconf|DEBUG = True|Request Method' "$WORK/body"; then
  fail "the 404 page shows debug details"
else
  pass "DEBUG is off: the 404 page has no traceback or URLconf"
fi

head -c 11000000 /dev/zero > "$WORK/big"
expect "a body over 10 MB is refused by nginx" \
  "$(fetch -o /dev/null -w '%{http_code}' -X POST --data-binary "@$WORK/big" "$BASE/accounts/login/")" "413"
expect "under /api/ nginx's 413 is JSON naming the limit" \
  "$(fetch -H 'Content-Type: application/json' --data-binary "@$WORK/big" "$BASE/api/v1/auth/token/")" \
  '{"detail": "The request body is larger than the 10 MB this server accepts."}'
expect "an unknown address under /api/ is a JSON 404" \
  "$(fetch -w ' %{http_code}' "$BASE/api/v1/no-such-thing/")" '{"detail": "Not found."} 404'

expect "/healthz answers through the WebSocket server too" \
  "$(fetch -o /dev/null -w '%{http_code}' "http://127.0.0.1:$WS_PORT/healthz")" "200"
if "$VENV/bin/python" deploy/smoke_ws.py "$BASE" >"$WORK/ws-check.txt" 2>&1; then
  pass "$(cat "$WORK/ws-check.txt")"
elif grep -q '^skip' "$WORK/ws-check.txt"; then
  echo "  note  $(cat "$WORK/ws-check.txt")"
else
  fail "WebSocket: $(cat "$WORK/ws-check.txt")"
fi

echo "== slow clients (slowloris) wait in nginx, not in gunicorn's $WEB_CONCURRENCY sync workers"
# Eight connections trickle headers or a body for 8 s; were they handed to gunicorn, each would hold a worker and
# /ping would wait. nginx reads whole requests before passing them on (snippets/scrum-proxy.conf, scrum-server.conf).
"$VENV/bin/python" deploy/slow_clients.py "$HTTPS_PORT" --tls --count 8 --seconds 8 > "$WORK/slow.txt" 2>&1 &
slow_pid=$!
pids+=("$slow_pid")
sleep 1.5  # every slow client connected and trickling
pings=""
for _ in 1 2 3 4 5 6; do
  pings+="$(fetch --max-time 5 -o /dev/null -w '%{http_code}:%{time_total} ' "$BASE/ping")"
  sleep 0.5
done
slow_pings="$(echo "$pings" | tr ' ' '\n' | awk -F: 'NF == 2 && ($1 != 200 || $2 >= 2)' | wc -l)"
expect "/ping answers 200 in under two seconds, six times, while they trickle (${pings% })" "$slow_pings" "0"
if wait "$slow_pid"; then pass "$(cat "$WORK/slow.txt")"; else fail "slow clients: $(cat "$WORK/slow.txt")"; fi

echo "== the server-without-Docker path: gunicorn on a socket passed the systemd way, deploy/nginx/systemd-site.conf"
# systemd-socket-activate hands gunicorn a listening unix socket exactly as gunicorn.socket does (LISTEN_FDS);
# like systemd, it passes only the environment it is told to (the unit's EnvironmentFile/Environment=).
kill -TERM "$nginx_pid"
for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
socket="$WORK/gunicorn.sock"
passed_env=()
for name in DJANGO_SETTINGS_MODULE DEBUG LOG_FORMAT SECRET_KEY DATABASE_URL REDIS_URL STATIC_ROOT TRUSTED_PROXY_IPS \
    PYTHON GUNICORN PATH; do
  passed_env+=(-E "$name")
done
ALLOWED_HOSTS=scrum.example.com MIGRATE=0 WEB_CONCURRENCY=1 systemd-socket-activate "${passed_env[@]}" \
  -E ALLOWED_HOSTS -E MIGRATE -E WEB_CONCURRENCY -l "$socket" deploy/entrypoint.sh web > "$WORK/socket.log" 2>&1 &
pids+=($!)
for _ in $(seq 40); do [ -S "$socket" ] && break; sleep 0.1; done
chmod 0666 "$socket"  # gunicorn.socket: SocketUser/SocketGroup www-data, here nginx's workers run as nobody
mkdir -p "$WORK/systemd-nginx"
conf="$("$VENV/bin/python" deploy/nginx_conf.py render deploy/nginx/systemd-site.conf "$WORK/systemd-nginx" \
  --http-port "$HTTP_PORT" --https-port "$HTTPS_PORT" --ws-port "$WS_PORT" --unix-socket "$socket" \
  --static-parent "$WORK")"
nginx -p "$WORK/systemd-nginx" -c "$conf" -g 'daemon off;' > "$WORK/systemd-nginx.out" 2>&1 &
pids+=($!)
SITE="https://scrum.example.com:$HTTPS_PORT"
site_fetch() { fetch --resolve "scrum.example.com:$HTTPS_PORT:127.0.0.1" --resolve "scrum.example.com:$HTTP_PORT:127.0.0.1" "$@"; }
for _ in $(seq 40); do  # nginx up (its port-80 server answers by itself)
  [ "$(site_fetch -o /dev/null -w '%{http_code}' "http://scrum.example.com:$HTTP_PORT/")" = 301 ] && break
  sleep 0.25
done
# The first request waits (never refused) while gunicorn starts behind the socket: systemd's socket activation.
expect "/healthz through nginx and the activated socket" \
  "$(site_fetch --max-time 60 -o /dev/null -w '%{http_code}' "$SITE/healthz")" "200"
if grep -q "Listening at: unix:$socket" "$WORK/socket.log"; then
  pass "gunicorn serves the socket it was handed"
else
  fail "gunicorn did not take the passed socket"
fi
expect "the login page through the systemd site" "$(site_fetch -o /dev/null -w '%{http_code}' "$SITE/accounts/login/")" "200"
expect "the hashed static file from /srv/scrum/static's stand-in, cached for a year" \
  "$(site_fetch -D - -o /dev/null "$SITE/static/$hashed" | header Cache-Control)" "public, max-age=31536000, immutable"
expect "plain http redirects to https" \
  "$(site_fetch -o /dev/null -w '%{http_code} %{redirect_url}' "http://scrum.example.com:$HTTP_PORT/b/x/")" \
  "301 https://scrum.example.com/b/x/"

echo "== $checks checks, $failures failed, $((SECONDS - started)) s"
[ "$failures" -eq 0 ]
