#!/usr/bin/env bash
# Runs on the server, in the folder holding docker-compose.yml and .env (the CD workflow copies both scripts and
# configs there, then calls `bash deploy/remote-deploy.sh IMAGE`). Also usable by hand to deploy or roll back.
# A rolling deploy: the site keeps answering throughout (docs/operations.md, "Deploys without downtime").
#
#   1. pull IMAGE (the CD job passes it by digest)
#   2. migrate once, as its own step: `docker compose run --rm migrate` (the `release` one-shot: migrations under a
#      PostgreSQL advisory lock, then the image's static files into nginx's volume). The replicas never migrate.
#   3. replace web1, web2, ws1, ws2 one at a time: each is first drained (marked `down` in deploy/nginx/upstreams/
#      and nginx reloaded: no new request goes to it, its twin takes them all), then stopped gracefully (SIGTERM:
#      gunicorn finishes the requests it has) and recreated on IMAGE; once the new container's own /healthz answers
#      the mark goes and nginx is reloaded again (resolving the new container), and only then the next one
#   4. the worker (one only: never two releases' workers at once), then a health check through nginx
#   5. a replica that does not become healthy, or a failed final check: the replicas already replaced go back to
#      the previous image one at a time the same way, and the script exits non-zero
#
# Migrations are not rolled back: they must work with the previous release too (add first, remove a release later).
set -euo pipefail
cd "$(dirname "$0")/.."

image="${1:?usage: remote-deploy.sh IMAGE}"
health_url="${HEALTH_URL:-http://localhost:${HTTP_PORT:-80}/healthz}"
health_timeout="${HEALTH_TIMEOUT:-120}"
compose=(docker compose -f docker-compose.yml)
replicas=(web1 web2 ws1 ws2)
previous="$(cat .deployed-image 2>/dev/null || true)"

log() { printf '%s deploy: %s\n' "$(date -u +%FT%TZ)" "$*"; }

# Polls until the command answers; at most health_timeout seconds (or WAIT seconds).
within_timeout() {
  local deadline=$((SECONDS + ${WAIT:-$health_timeout}))
  while [ $SECONDS -lt $deadline ]; do
    if "$@"; then return 0; fi
    sleep 1
  done
  return 1
}

# The container's own /healthz (the image's HEALTHCHECK script, from inside it): the new replica, not its twin.
replica_answers() { "${compose[@]}" exec -T "$1" python /app/deploy/healthcheck.py > /dev/null 2>&1; }

# -L follows the TLS site's redirect to https; -k: the certificate names the domain, not localhost.
site_answers() { curl -fsSkL --max-time 5 -o /dev/null "$health_url"; }

# nginx's worker processes that take new requests (the ones shutting down after a reload are retitled).
nginx_workers() {
  # shellcheck disable=SC2016  # expanded by the container's shell
  "${compose[@]}" exec -T nginx sh -c 'for p in /proc/[0-9]*; do
    [ "$(tr -d "\0" < "$p/cmdline" 2>/dev/null)" = "nginx: worker process" ] && echo "${p#/proc/}"; done' || true
}

# A reload is done when none of the workers from before takes requests any more: the new configuration alone does.
# (A configuration nginx refuses, say a replica it cannot resolve, keeps the old workers: said after 15 s.)
reload_nginx() {
  local before
  before="$(nginx_workers)"
  "${compose[@]}" exec -T nginx nginx -s reload > /dev/null
  old_workers_gone() { [ -z "$(comm -12 <(sort <<< "$before") <(nginx_workers | sort))" ]; }
  WAIT=15 within_timeout old_workers_gone || log "nginx's workers from before the reload still take requests"
}

# drain/undrain SERVICE: mark it `down` in its upstream list (or not) and reload nginx.
upstreams() { case "$1" in web*) echo deploy/nginx/upstreams/scrum-web.conf ;; *) echo deploy/nginx/upstreams/scrum-ws.conf ;; esac; }
drain() { sed -i -E "s/^server $1:([0-9]+) /server $1:\1 down /" "$(upstreams "$1")" && reload_nginx; }
undrain() { sed -i -E "s/^server $1:([0-9]+) down /server $1:\1 /" "$(upstreams "$1")" && reload_nginx; }

# replace SERVICE IMAGE: drain it, stop it gracefully, start it on IMAGE, wait for its /healthz, then undrain it.
replace() {
  log "replacing $1 with $2"
  drain "$1"
  SCRUM_IMAGE="$2" "${compose[@]}" up -d --no-build --no-deps --force-recreate "$1" || { undrain "$1"; return 1; }
  if ! within_timeout replica_answers "$1"; then
    log "$1 on $2 is not healthy after ${health_timeout} s"
    "${compose[@]}" logs --tail 50 "$1" || true
    undrain "$1"  # nginx passes over it as it fails; better than a twin alone if the roll back fails too
    return 1
  fi
  undrain "$1"
  log "$1 healthy on $2"
}

roll_back() {
  if [ -z "$previous" ]; then
    log "no previous image to roll back to"
    exit 1
  fi
  log "rolling back to $previous: ${replaced[*]:-nothing replaced yet}"
  local ok=1 service
  for service in "${replaced[@]}"; do
    replace "$service" "$previous" || ok=0
  done
  SCRUM_IMAGE="$previous" "${compose[@]}" up -d --no-build --no-deps --force-recreate worker
  if [ "$ok" = 1 ] && within_timeout site_answers; then
    log "rolled back: healthy on $previous"
  else
    log "rollback is unhealthy too: look at the server now"
  fi
  exit 1
}

log "pulling $image (previous: ${previous:-none})"
SCRUM_IMAGE="$image" "${compose[@]}" pull --quiet migrate "${replicas[@]}" worker
SCRUM_IMAGE="$image" "${compose[@]}" up -d --no-build db redis

log "migrating (once, under the advisory lock)"
if ! SCRUM_IMAGE="$image" "${compose[@]}" run --rm --no-deps migrate; then
  log "migrations failed on $image: nothing replaced, ${previous:-nothing} still serves"
  exit 1
fi

# A first deploy (or the first since the replicas came): create the replicas that are missing, on the release that
# serves now, so that nginx can resolve every upstream; the ones running are left alone (--no-recreate).
SCRUM_IMAGE="${previous:-$image}" "${compose[@]}" up -d --no-build --no-deps --no-recreate "${replicas[@]}" worker
for service in "${replicas[@]}"; do
  within_timeout replica_answers "$service" || log "$service is not healthy before the roll"
done
"${compose[@]}" up -d --no-build --no-deps nginx
reload_nginx
# Only now, with nginx naming the replicas, the containers of services the file no longer has (the single `web` and
# `ws` of before) go.
"${compose[@]}" up -d --no-build --no-deps --remove-orphans nginx

replaced=()
for service in "${replicas[@]}"; do
  replaced+=("$service")
  replace "$service" "$image" || roll_back
done
SCRUM_IMAGE="$image" "${compose[@]}" up -d --no-build --no-deps --force-recreate worker

if ! within_timeout site_answers; then
  log "health check through nginx failed on $image"
  roll_back
fi
printf '%s\n' "$image" > .deployed-image
log "healthy on $image"
docker image prune --force --filter "until=168h" > /dev/null || true
