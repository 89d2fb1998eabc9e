#!/bin/sh
# `systemd-analyze verify` on deploy/systemd/, with this checkout standing in for /srv/scrum/app (the path the units
# name) in a private mount namespace: the machine's /srv is not touched.
set -eu
cd "$(dirname "$0")/.."
# shellcheck disable=SC2016  # $PWD expands inside the namespace's shell, on purpose
exec unshare --mount --propagation private sh -c '
  set -e
  mount -t tmpfs tmpfs /srv
  mkdir -p /srv/scrum/app /srv/scrum/static
  mount --bind "$PWD" /srv/scrum/app
  mkdir -p /srv/scrum/backups
  systemd-analyze verify deploy/systemd/gunicorn.socket deploy/systemd/gunicorn.service deploy/systemd/scrum-ws.service \
    deploy/systemd/scrum-backup.service deploy/systemd/scrum-backup.timer
  echo "systemd-analyze verify deploy/systemd: ok"
'
