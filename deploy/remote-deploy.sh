#!/usr/bin/env bash
# Runs on the server, in the folder holding docker-compose.yml and .env (the CD workflow copies both scripts and
# configs there, then calls `bash deploy/remote-deploy.sh IMAGE`). Also usable by hand to deploy or roll back.
#
#   1. pull IMAGE            4. restart web, ws, worker and nginx on IMAGE
#   2. migrate               5. health check through nginx (/healthz), up to HEALTH_TIMEOUT seconds
#   3. collectstatic         6. on failure, restart on the previous image, check again, and exit non-zero
#
# Migrations are not rolled back: they must work with the previous release too (add first, remove a release later).
set -euo pipefail
cd "$(dirname "$0")/.."

image="${1:?usage: remote-deploy.sh IMAGE}"
health_url="${HEALTH_URL:-http://localhost:${HTTP_PORT:-80}/healthz}"
health_timeout="${HEALTH_TIMEOUT:-120}"
compose=(docker compose -f docker-compose.yml)
previous="$(cat .deployed-image 2>/dev/null || true)"

log() { printf '%s deploy: %s\n' "$(date -u +%FT%TZ)" "$*"; }

healthy() {
  local deadline=$((SECONDS + health_timeout))
  while [ $SECONDS -lt $deadline ]; do
    # -L follows the TLS site's redirect to https; -k: the certificate names the domain, not localhost.
    if curl -fsSkL --max-time 5 -o /dev/null "$health_url"; then
      return 0
    fi
    sleep 3
  done
  return 1
}

start() {
  export SCRUM_IMAGE="$1"
  "${compose[@]}" up -d --no-build --remove-orphans db redis
  # `release`: migrate, then the image's collected static files into the volume nginx serves.
  "${compose[@]}" run --rm --no-deps migrate
  "${compose[@]}" up -d --no-build --no-deps --force-recreate web ws worker
  "${compose[@]}" up -d --no-build --no-deps nginx
  "${compose[@]}" exec -T nginx nginx -s reload
}

log "pulling $image (previous: ${previous:-none})"
SCRUM_IMAGE="$image" "${compose[@]}" pull --quiet migrate web ws worker
start "$image"

if healthy; then
  printf '%s\n' "$image" > .deployed-image
  log "healthy on $image"
  docker image prune --force --filter "until=168h" > /dev/null || true
  exit 0
fi

log "health check failed on $image"
"${compose[@]}" logs --tail 50 web ws || true
if [ -z "$previous" ]; then
  log "no previous image to roll back to"
  exit 1
fi
log "rolling back to $previous"
start "$previous"
if healthy; then
  log "rolled back: healthy on $previous"
else
  log "rollback is unhealthy too: look at the server now"
fi
exit 1
