#!/usr/bin/env bash
# Runs on the server, in the folder holding docker-compose.yml and .env (the CD workflow copies both scripts and
# configs there, then calls `bash deploy/remote-deploy.sh IMAGE`). Also usable by hand to deploy or roll back.
# A rolling deploy: the site keeps answering throughout (docs/operations.md, "Deploys without downtime").
#
#   1. pull IMAGE (the CD job passes it by digest)
#   2. migrate once, as its own step: `docker compose run --rm migrate` (the `release` one-shot: migrations under a
#      PostgreSQL advisory lock, then the image's static files into nginx's volume). The replicas never migrate.
#   3. replace web1, web2, ws1, ws2 one at a time: each is stopped gracefully (SIGTERM: it stops listening and
#      finishes its requests, while nginx sends everything to its twin) and recreated on IMAGE; the next one waits
#      until the new container's own /healthz answers, then nginx is reloaded (it resolves the new container and
#      forgets the failures it counted while it was away)
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

# Polls until $1 answers; at most health_timeout seconds.
within_timeout() {
  local deadline=$((SECONDS + health_timeout))
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

reload_nginx() { "${compose[@]}" exec -T nginx nginx -s reload > /dev/null; }

# replace SERVICE IMAGE: stop it gracefully, start it on IMAGE, wait for its /healthz, then reload nginx.
replace() {
  log "replacing $1 with $2"
  SCRUM_IMAGE="$2" "${compose[@]}" up -d --no-build --no-deps --force-recreate "$1" || return 1
  if ! within_timeout replica_answers "$1"; then
    log "$1 on $2 is not healthy after ${health_timeout} s"
    "${compose[@]}" logs --tail 50 "$1" || true
    return 1
  fi
  reload_nginx
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
