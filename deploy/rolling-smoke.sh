#!/usr/bin/env bash
# The rolling deploy, for real: no request fails and every WebSocket comes back while the replicas are replaced.
# The last phase of deploy/image-smoke.sh (which builds IMAGE and exports the private podman storage it lives in);
# also runnable by itself against an image in that storage: deploy/rolling-smoke.sh IMAGE.
#
# podman runs what docker-compose.yml runs, on the host's network and loopback ports: two web and two ws replicas of
# IMAGE against the local PostgreSQL and Redis, the migrate step, and Debian's nginx with deploy/nginx/compose.conf
# (rendered by deploy/nginx_conf.py: its upstreams list both replicas). deploy/rolling_client.py sends requests
# through nginx (pages with a session, the API with a token, POSTs among them) and holds WebSockets open, while this
# script deploys a second image as deploy/remote-deploy.sh does: migrate once, then web1, web2, ws1, ws2 one at a
# time, each drained (marked `down` in nginx's upstream list, nginx reloaded), stopped with SIGTERM (gunicorn
# finishes its requests), started on the new image, polled until its /healthz answers, then put back. Passes when no request failed, every socket was closed by
# its replica, reconnected through nginx and heard an event published after the roll. Every wait is bounded.
#
# Environment: PG_URL (postgres://postgres@127.0.0.1:5432), REDIS_URL (redis://127.0.0.1:6379/4),
# ROLL_PORT (8240: nginx; the replicas take the four ports after it), ROLL_DB_NAME (scrum_rolling_smoke),
# VENV (.venv: its Python runs the client, with the `websockets` package).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${1:?usage: rolling-smoke.sh IMAGE}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/4}"
ROLL_PORT="${ROLL_PORT:-8240}"
DB_NAME="${ROLL_DB_NAME:-scrum_rolling_smoke}"
VENV="${VENV:-.venv}"
NEXT="localhost/scrum-app:rolling-next"
NGINX_PORT=$ROLL_PORT
declare -A PORTS=([web1]=$((ROLL_PORT + 1)) [web2]=$((ROLL_PORT + 2)) [ws1]=$((ROLL_PORT + 3)) [ws2]=$((ROLL_PORT + 4)))
HOST="localhost:$NGINX_PORT"

WORK="$(mktemp -d /tmp/scrum-rolling.XXXXXX)"
chmod 755 "$WORK"  # nginx's workers (user nobody) read the static files under it
mkdir -p "$WORK/static" "$WORK/control" "$WORK/nginx"
chmod 777 "$WORK/static"  # the migrate step's container (uid 10001) publishes the static files here
started=$SECONDS
nginx_pid=""
client_pid=""

cleanup() {
  status=$?
  [ -n "$client_pid" ] && kill "$client_pid" 2>/dev/null
  for name in web1 web2 ws1 ws2; do podman rm -f -t 5 "rolling-$name" >/dev/null 2>&1 || true; done
  if [ -n "$nginx_pid" ]; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
  fi
  podman rmi -f "$NEXT" >/dev/null 2>&1 || true
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1 || true
  if [ $status -ne 0 ]; then
    echo "---- rolling-smoke: last lines of nginx's error log and the client" >&2
    tail -n 20 "$WORK/nginx/error.log" "$WORK/client.out" >&2 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

say() { echo "   $*"; }
die() { echo "rolling-smoke: $*" >&2; exit 1; }
quiet() { grep -v -e 'systemd' -e 'healthcheck' || true; }

# Polls a URL until it answers 2xx, at most $2 seconds.
answers_within() {
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null --max-time 2 -H "Host: $HOST" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"
# What every container shares: the stack's settings (docker-compose.yml's x-app), plain http as the Compose quick
# start, nginx on loopback as the trusted proxy.
common=(--network host -e SECRET_KEY="$SECRET_KEY" -e DATABASE_URL="$PG_URL/$DB_NAME" -e REDIS_URL="$REDIS_URL"
  -e ALLOWED_HOSTS=localhost -e SECURE_SSL_REDIRECT=0 -e SECURE_COOKIES=0 -e TRUSTED_PROXY_IPS=127.0.0.1
  -e FORWARDED_ALLOW_IPS=127.0.0.1)

# start NAME IMAGE: a replica on its loopback port, as the Compose services web1/web2 (`web`) and ws1/ws2 (`ws`).
start() {
  local name=$1 image=$2 port=${PORTS[$1]}
  local args=(-e "HEALTHCHECK_URL=http://127.0.0.1:$port/healthz")
  case "$name" in
    web*) args+=(-e "GUNICORN_BIND=127.0.0.1:$port" -e WEB_CONCURRENCY=2 "$image" web) ;;
    ws*) args+=(-e "WS_BIND=127.0.0.1:$port" -e WS_WORKERS=1 "$image" ws) ;;
  esac
  podman run -d --name "rolling-$name" "${common[@]}" "${args[@]}" 2>&1 | quiet >/dev/null
}

echo "   fresh database $DB_NAME; nginx on 127.0.0.1:$NGINX_PORT, web1/web2/ws1/ws2 on ${PORTS[web1]}-${PORTS[ws2]}"
psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1
psql "$PG_URL/postgres" -qc "CREATE DATABASE $DB_NAME" >/dev/null

# The race the deploy's own migrate step removes: two processes migrating a fresh database at once (two replicas
# that both migrated on start failed with MigrationSchemaMissing). Both run migrate_locked; both must succeed.
podman run --rm "${common[@]}" "$IMAGE" migrate > "$WORK/migrate-a.log" 2>&1 &
migrate_a=$!
podman run --rm "${common[@]}" "$IMAGE" migrate > "$WORK/migrate-b.log" 2>&1 \
  || { tail -20 "$WORK/migrate-b.log" >&2; die "the second concurrent migrate failed"; }
wait "$migrate_a" || { tail -20 "$WORK/migrate-a.log" >&2; die "the first concurrent migrate failed"; }
applied="$(cat "$WORK"/migrate-?.log | grep -c '  Applying ' || true)"
once="$(cat "$WORK"/migrate-?.log | grep '  Applying ' | sort | uniq -d | wc -l)"
[ "$once" -eq 0 ] || die "a migration was applied twice"
say "two migrate steps started together on the fresh database: both succeeded, $applied migrations applied once"

for name in web1 web2 ws1 ws2; do start "$name" "$IMAGE"; done
for name in web1 web2 ws1 ws2; do
  answers_within "http://127.0.0.1:${PORTS[$name]}/healthz" 90 \
    || { podman logs "rolling-$name" 2>&1 | tail -20 >&2; die "$name never answered /healthz"; }
done
say "web1, web2, ws1, ws2 healthy on $IMAGE after $((SECONDS - started)) s"

conf="$("$VENV/bin/python" deploy/nginx_conf.py render deploy/nginx/compose.conf "$WORK/nginx" \
  --http-port "$NGINX_PORT" --web-port "${PORTS[web1]}" --web-port "${PORTS[web2]}" \
  --ws-port "${PORTS[ws1]}" --ws-port "${PORTS[ws2]}" --static-parent "$WORK")"
nginx -p "$WORK/nginx" -c "$conf" -g 'daemon off;' > "$WORK/nginx.out" 2>&1 &
nginx_pid=$!
answers_within "http://127.0.0.1:$NGINX_PORT/healthz" 20 || die "nginx did not answer"
# As deploy/remote-deploy.sh: a reload is done once none of the workers from before takes requests (the ones left
# shutting down, holding WebSockets, are retitled "... is shutting down").
workers() { ps -o pid=,args= --ppid "$nginx_pid" | awk '$2 == "nginx:" && $NF == "process" {print $1}' | sort; }
reload_nginx() {
  local before deadline=$((SECONDS + 10))
  before="$(workers)"
  nginx -p "$WORK/nginx" -c "$conf" -s reload 2>> "$WORK/nginx.out"
  while [ -n "$(comm -12 <(echo "$before") <(workers))" ]; do
    [ $SECONDS -lt $deadline ] || die "nginx's old workers still take requests 10 s after a reload"
    sleep 0.1
  done
}
# drain/undrain NAME: mark the replica `down` in the rendered upstream list (or not) and reload nginx.
upstreams() { case "$1" in web*) echo "$WORK/nginx/upstreams/scrum-web.conf" ;; *) echo "$WORK/nginx/upstreams/scrum-ws.conf" ;; esac; }
drain() { sed -i "s/^server 127.0.0.1:${PORTS[$1]} /server 127.0.0.1:${PORTS[$1]} down /" "$(upstreams "$1")"; reload_nginx; }
undrain() { sed -i "s/^server 127.0.0.1:${PORTS[$1]} down /server 127.0.0.1:${PORTS[$1]} /" "$(upstreams "$1")"; reload_nginx; }

# A member of a board, with a session (pages, the socket) and an API token, made with the image's own code.
fixture="$(podman run --rm "${common[@]}" "$IMAGE" python manage.py shell -c '
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from rest_framework.authtoken.models import Token
from boards.models import Board, Membership, Role
user = get_user_model().objects.create_user("rolling-member")
board = Board.objects.create(slug="rolling", name="Rolling")
Membership.objects.create(board=board, user=user, role=Role.DEVELOPER)
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print("fixture", board.slug, session.session_key, Token.objects.create(user=user).key)
' 2>&1 | grep '^fixture ' || true)"
read -r _ slug session token <<< "$fixture"
[ -n "${token:-}" ] || die "could not make the board member"

# The new release: the same build with a label of its own, so that it is another image (another id) to deploy.
container="$(buildah from --quiet "$IMAGE")"
buildah config --label org.opencontainers.image.version=rolling-next "$container"
buildah commit --quiet "$container" "$NEXT" >/dev/null
buildah rm "$container" >/dev/null
[ "$(podman image inspect --format '{{.Id}}' "$NEXT")" != "$(podman image inspect --format '{{.Id}}' "$IMAGE")" ] \
  || die "the second image is the first one"
say "second image $NEXT made after $((SECONDS - started)) s"

"$VENV/bin/python" deploy/rolling_client.py "http://127.0.0.1:$NGINX_PORT" --host "$HOST" --slug "$slug" \
  --session "$session" --token "$token" --control "$WORK/control" > "$WORK/client.out" 2>&1 &
client_pid=$!
for _ in $(seq 600); do
  [ -f "$WORK/control/ready" ] && break
  kill -0 "$client_pid" 2>/dev/null || die "the client stopped before it was ready: $(tail -3 "$WORK/client.out")"
  sleep 0.1
done
[ -f "$WORK/control/ready" ] || die "the client was not ready within 60 s"
say "client running: requests through nginx, sockets open"

roll_started=$SECONDS
# The deploy's migrate step (`docker compose run --rm migrate`): the release one-shot of the new image, once.
podman run --rm "${common[@]}" -e STATIC_PUBLISH_DIR=/srv/static -v "$WORK/static:/srv/static" "$NEXT" release \
  > "$WORK/release.log" 2>&1 || { tail -20 "$WORK/release.log" >&2; die "the migrate step failed"; }
grep -q "Waiting for the migration lock" "$WORK/release.log" || die "the migrate step did not take the lock"
say "migrate step (release: migrate_locked, static files published) on $NEXT"
for name in web1 web2 ws1 ws2; do
  t=$SECONDS
  drain "$name"
  grep -q "${PORTS[$name]} down " "$(upstreams "$name")" || die "$name was not drained"
  # SIGTERM: gunicorn stops listening and finishes its requests (uvicorn closes its sockets with 1012) within 30 s.
  podman stop -t 30 "rolling-$name" 2>&1 | quiet >/dev/null
  podman rm "rolling-$name" 2>&1 | quiet >/dev/null
  start "$name" "$NEXT"
  answers_within "http://127.0.0.1:${PORTS[$name]}/healthz" 90 \
    || { podman logs "rolling-$name" 2>&1 | tail -20 >&2; die "the new $name never answered /healthz"; }
  undrain "$name"
  say "$name replaced: drained, stopped, started on the new image, /healthz answered, back in nginx ($((SECONDS - t)) s)"
done
for name in web1 web2 ws1 ws2; do
  running="$(podman inspect --format '{{.ImageName}}' "rolling-$name")"
  [ "$running" = "$NEXT" ] || die "$name runs $running, not $NEXT"
done
say "deployed in $((SECONDS - roll_started)) s; every replica runs $NEXT"
touch "$WORK/control/rolled"

client_status=0
wait "$client_pid" || client_status=$?
client_pid=""
grep -v '^{' "$WORK/client.out" | sed 's/^/   /'
retried="$(grep -c '"upstream_time":"[^"]*,' "$WORK/nginx/access.log" || true)"
refused="$(grep -c 'Connection refused) while connecting to upstream' "$WORK/nginx/error.log" || true)"
say "nginx: $retried requests passed to the other replica ($refused connections refused by a replica being replaced)"
[ "$client_status" -eq 0 ] || die "requests failed or sockets did not come back (above)"

# The safety net under the drain: a replica that went away unannounced (stopped, not drained). nginx's connection
# is refused, nothing was sent, so it passes the request, a POST too, to the other replica.
podman stop -t 30 rolling-web1 2>&1 | quiet >/dev/null
refused_before="$(grep -c 'Connection refused) while connecting to upstream' "$WORK/nginx/error.log" || true)"
codes=""
for n in 1 2 3 4 5 6; do
  codes+="$(curl -s -o /dev/null -w '%{http_code} ' --max-time 10 -H "Host: $HOST" -H "Cookie: sessionid=$session" \
    "http://127.0.0.1:$NGINX_PORT/b/$slug/")"
  codes+="$(curl -s -o /dev/null -w '%{http_code} ' --max-time 10 -H "Host: $HOST" -H "Authorization: Token $token" \
    -H 'Content-Type: application/json' --data "{\"title\": \"web1 away $n\"}" \
    "http://127.0.0.1:$NGINX_PORT/api/v1/boards/$slug/items/")"
done
refused_after="$(grep -c 'Connection refused) while connecting to upstream' "$WORK/nginx/error.log" || true)"
[ "$codes" = "200 201 200 201 200 201 200 201 200 201 200 201 " ] || die "with web1 stopped, nginx answered: $codes"
[ "$refused_after" -gt "$refused_before" ] || die "nginx never tried the stopped web1"
say "web1 stopped without a drain: 6 GETs and 6 POSTs all answered (${codes% }); nginx was refused by web1" \
  "$((refused_after - refused_before)) time(s) and passed those requests to web2"
echo "   rolling deploy: passed in $((SECONDS - started)) s"
