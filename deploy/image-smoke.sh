#!/usr/bin/env bash
# make image-smoke: build the Dockerfile for real and run the image, without a Docker engine or a registry.
#
# Debian's buildah/podman (runc, vfs storage, chroot isolation) build and run it. The base image is made here:
# debootstrap of Debian trixie (Python 3.13, so ≥ 3.12) imported with `podman import`, passed as --build-arg BASE.
# The machine's CA bundle goes in as --build-arg CA_BUNDLE for pip. The container runs on a loopback port against
# the local PostgreSQL and Redis; checked: /healthz, the non-root user, the HEALTHCHECK, no compiler, no CA bundle
# and no secret in the image, its size (at most IMAGE_MAX_MB), no pip and nothing of development in it (tests
# packages, e2e/, bench/); then each mode (migrate, release, worker, web, ws) on a read-only root filesystem without
# capabilities, as Kubernetes runs them. Everything made (storage, images, containers, database) is removed at the end.
#
# Environment: PG_URL (postgres://postgres@127.0.0.1:5432), REDIS_URL (redis://127.0.0.1:6379/4), PORT (8206),
# IMAGE_MAX_MB (150, as podman counts: 10^6 bytes),
# IMAGE_SMOKE_BASE_TAR (a rootfs tarball from an earlier run, to skip debootstrap while iterating),
# DEBIAN_MIRROR (http://deb.debian.org/debian).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/4}"
PORT="${PORT:-8206}"
IMAGE_MAX_MB="${IMAGE_MAX_MB:-150}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DB_NAME="scrum_image_smoke"
BASE_TAG="localhost/scrum-smoke-base:trixie"
APP_TAG="localhost/scrum-app:smoke"
CTR="scrum-image-smoke"
CA_COPY="deploy/ca/image-smoke-ca.pem"

for tool in podman buildah debootstrap runc psql curl; do
  command -v "$tool" >/dev/null || { echo "image-smoke: $tool is missing (apt-get install podman buildah debootstrap runc)" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/scrum-image-smoke.XXXXXX)"
started=$SECONDS
phase_start=$SECONDS
phase() { echo "-- $1 ($((SECONDS - phase_start)) s for the previous step, $((SECONDS - started)) s in all)"; phase_start=$SECONDS; }

# Private storage and engine settings: nothing touches the machine's own podman/buildah configuration.
cat > "$WORK/storage.conf" <<CONF
[storage]
driver = "vfs"
graphroot = "$WORK/storage"
runroot = "$WORK/run"
CONF
# This sandbox may not raise resource limits (no CAP_SYS_RESOURCE): ask for limits within the current hard ones.
hard_nofile="$(ulimit -Hn)"; [ "$hard_nofile" = unlimited ] && hard_nofile=65536
nofile=$(( hard_nofile < 65536 ? hard_nofile : 65536 ))
cat > "$WORK/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_STORAGE_CONF="$WORK/storage.conf" CONTAINERS_CONF="$WORK/containers.conf"
# podman asks systemd for health-check timers; there is none here, the check is run by hand below.
quiet() { grep -v -e 'systemd' -e 'healthcheck' || true; }

cleanup() {
  status=$?
  podman rm -f "$CTR" "$CTR-worker" >/dev/null 2>&1 || true
  podman rmi -f "$APP_TAG" "$BASE_TAG" >/dev/null 2>&1 || true
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1 || true
  rm -f "$CA_COPY"
  rm -rf "$WORK"
  if [ $status -eq 0 ]; then echo "image-smoke: passed in $((SECONDS - started)) s"; else echo "image-smoke: FAILED" >&2; fi
}
trap cleanup EXIT

phase "base image: debootstrap trixie"
if [ -n "${IMAGE_SMOKE_BASE_TAR:-}" ] && [ -f "$IMAGE_SMOKE_BASE_TAR" ]; then
  podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' "$IMAGE_SMOKE_BASE_TAR" "$BASE_TAG" >/dev/null
else
  debootstrap --variant=minbase --include=python3,python3-venv,python-is-python3,ca-certificates \
    trixie "$WORK/rootfs" "$DEBIAN_MIRROR" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
  tar -C "$WORK/rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' - "$BASE_TAG" >/dev/null
  rm -rf "$WORK/rootfs"
fi
podman run --rm "$BASE_TAG" python --version 2>&1 | quiet

phase "build the Dockerfile (buildah, chroot isolation)"
build_args=(--build-arg "BASE=$BASE_TAG")
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  cp /etc/ssl/certs/ca-certificates.crt "$CA_COPY"
  build_args+=(--build-arg "CA_BUNDLE=$CA_COPY")
fi
buildah bud --isolation chroot --format docker --layers=false "${build_args[@]}" -t "$APP_TAG" . \
  > "$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; exit 1; }
rm -f "$CA_COPY"

phase "inspect the image"
user="$(podman image inspect --format '{{.Config.User}}' "$APP_TAG")"
[ "$user" = "10001:10001" ] || { echo "image user is '$user', expected 10001:10001" >&2; exit 1; }
env_vars="$(podman image inspect --format '{{.Config.Env}}' "$APP_TAG")"
case "$env_vars" in *SECRET_KEY*) echo "SECRET_KEY is in the image's environment" >&2; exit 1 ;; esac
podman image inspect --format '{{json .Config.Healthcheck}}' "$APP_TAG" | grep -q healthcheck.py \
  || { echo "the image has no HEALTHCHECK on /healthz" >&2; exit 1; }
if podman run --rm --entrypoint sh "$APP_TAG" -c \
    'command -v gcc || command -v cc || command -v make || ls /app/deploy/ca/*.pem' 2>&1 | quiet | grep -q /; then
  echo "the final image holds a compiler or the build's CA bundle" >&2; exit 1
fi
podman image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$APP_TAG"
size="$(podman image inspect --format '{{.Size}}' "$APP_TAG")"
echo "image size: $size bytes (limit $IMAGE_MAX_MB MB)"
[ "$size" -le $((IMAGE_MAX_MB * 1000 * 1000)) ] || { echo "the image is over $IMAGE_MAX_MB MB" >&2; exit 1; }
if podman run --rm --entrypoint python "$APP_TAG" -m pip --version 2>&1 | quiet; then
  echo "pip runs in the image" >&2; exit 1
fi
# pip, setuptools or wheel anywhere; in the app a tests package, a conftest.py, e2e/ or bench/ (.dockerignore).
leftovers="$(podman run --rm --entrypoint python "$APP_TAG" -c '
import os
found = []
for top in ("/usr", "/opt", "/app"):
    for folder, subfolders, files in os.walk(top):
        name = os.path.basename(folder)
        if name in ("pip", "setuptools", "wheel") or name.startswith(("pip-", "setuptools-", "wheel-")):
            found.append(folder)
        elif folder.startswith("/app") and (name in ("tests", "e2e", "bench") or "conftest.py" in files):
            found.append(folder)
print("\n".join(found))' 2>&1 | quiet)"
[ -z "$leftovers" ] || { echo "not for the image: $leftovers" >&2; exit 1; }
echo "no pip, no tests, e2e or bench"
# The image has no package manager: what the entrypoint and the Kubernetes init containers run must be in it.
missing="$(podman run --rm --entrypoint sh "$APP_TAG" -c \
  'for p in python dirname cp touch sleep; do command -v "$p" >/dev/null || echo "$p"; done' 2>&1 | quiet)"
[ -z "$missing" ] || { echo "missing in the image: $missing" >&2; exit 1; }

phase "run it against PostgreSQL and Redis on 127.0.0.1:$PORT"
psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1
psql "$PG_URL/postgres" -qc "CREATE DATABASE $DB_NAME" >/dev/null
run_env=(--network host
  -e SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"
  -e DATABASE_URL="$PG_URL/$DB_NAME" -e REDIS_URL="$REDIS_URL" -e ALLOWED_HOSTS=localhost
  -e GUNICORN_BIND="127.0.0.1:$PORT" -e WS_BIND="127.0.0.1:$PORT" -e WEB_CONCURRENCY=2 -e WS_WORKERS=1
  -e HEALTHCHECK_URL="http://127.0.0.1:$PORT/healthz")
# As the Kubernetes manifests run it: nothing written outside the two memory file systems, no capabilities.
read_only=(--read-only --tmpfs /tmp --tmpfs /dev/shm --cap-drop ALL)
podman run -d --name "$CTR" "${run_env[@]}" "$APP_TAG" 2>&1 | quiet >/dev/null
# wait_healthy: /healthz on $PORT answers ok within a minute (the container's log otherwise).
wait_healthy() {
  for _ in $(seq 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
    sleep 1
  done
  body="$(curl -fsS "http://127.0.0.1:$PORT/healthz")" || { podman logs "$CTR" 2>&1 | tail -30 >&2; exit 1; }
  echo "/healthz: $body"
  [ "$body" = '{"status": "ok", "database": "ok", "redis": "ok"}' ] || exit 1
}
wait_healthy

phase "checks inside the running container"
uid="$(podman exec "$CTR" id -u 2>&1 | quiet)"
[ "$uid" = "10001" ] || { echo "the app runs as uid '$uid', not 10001" >&2; exit 1; }
echo "runs as uid $uid"
podman healthcheck run "$CTR" 2>&1 | quiet
health="$(podman inspect --format '{{.State.Health.Status}}' "$CTR")"
[ "$health" = "healthy" ] || { echo "HEALTHCHECK says '$health'" >&2; exit 1; }
echo "HEALTHCHECK: $health"
podman logs "$CTR" 2>&1 | grep '"logger": "gunicorn.access"' | head -1 | python3 -c 'import json, sys; print("JSON log line ok:", json.loads(sys.stdin.readline())["path"])'
podman rm -f "$CTR" >/dev/null 2>&1

phase "each mode on a read-only root filesystem, no capabilities: migrate, release, worker, web, ws"
podman run --rm "${read_only[@]}" "${run_env[@]}" "$APP_TAG" migrate 2>&1 | quiet | tail -1
# release publishes the collected files into the folder nginx serves (here a host folder the app's user may write).
mkdir -p "$WORK/published" && chown 10001:10001 "$WORK/published"
podman run --rm "${read_only[@]}" "${run_env[@]}" -v "$WORK/published:/srv/static" -e STATIC_PUBLISH_DIR=/srv/static \
  "$APP_TAG" release 2>&1 | quiet >/dev/null
[ -f "$WORK/published/staticfiles.json" ] || { echo "release published no static files" >&2; exit 1; }
echo "release: $(find "$WORK/published" -type f | wc -l) static files published"
podman run -d --name "$CTR-worker" "${read_only[@]}" "${run_env[@]}" "$APP_TAG" worker 2>&1 | quiet >/dev/null
sleep 8
worker_state="$(podman inspect --format '{{.State.Status}}' "$CTR-worker")"
podman logs "$CTR-worker" 2>&1 | tail -3
podman rm -f "$CTR-worker" >/dev/null 2>&1
[ "$worker_state" = running ] || { echo "the worker stopped ($worker_state)" >&2; exit 1; }
echo "worker: $worker_state"
podman run -d --name "$CTR" "${read_only[@]}" "${run_env[@]}" -e MIGRATE=0 "$APP_TAG" web 2>&1 | quiet >/dev/null
wait_healthy
podman healthcheck run "$CTR" 2>&1 | quiet
[ "$(podman inspect --format '{{.State.Health.Status}}' "$CTR")" = healthy ] || { echo "HEALTHCHECK failed (read-only)" >&2; exit 1; }
echo "web, read-only: HEALTHCHECK healthy"
podman rm -f "$CTR" >/dev/null 2>&1
podman run -d --name "$CTR" "${read_only[@]}" "${run_env[@]}" "$APP_TAG" ws 2>&1 | quiet >/dev/null
wait_healthy
# An anonymous WebSocket is refused by the consumer (403 on the handshake): the upgrade reached the app, so the
# image's uvicorn has its WebSocket implementation (without one it would answer the path as plain HTTP: 404).
ws_status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Host: localhost' -H 'Origin: http://localhost' \
  -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' \
  -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' "http://127.0.0.1:$PORT/ws/board/smoke/")" || true
[ "$ws_status" = 403 ] || { echo "ws: the WebSocket handshake got '$ws_status', expected 403" >&2; podman logs "$CTR" 2>&1 | tail -20 >&2; exit 1; }
echo "ws, read-only: /healthz ok, anonymous WebSocket refused (403)"
podman rm -f "$CTR" >/dev/null 2>&1

phase "rolling deploy: two web and two ws replicas behind nginx, replaced one at a time under load (rolling-smoke.sh)"
PG_URL="$PG_URL" REDIS_URL="$REDIS_URL" deploy/rolling-smoke.sh "$APP_TAG"
phase "done"
