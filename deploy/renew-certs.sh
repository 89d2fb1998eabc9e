#!/usr/bin/env bash
# Renew the HTTPS certificate without stopping nginx (Compose with NGINX_SITE=compose-tls.conf), from the folder
# holding docker-compose.yml; run it daily (cron or a systemd timer): certbot renews only within 30 days of expiry.
#
#   deploy/renew-certs.sh DOMAIN
#
# certbot (the compose `certbot` one-shot, profile `tls`) answers Let's Encrypt's HTTP challenge through files in
# ./certs/acme, which nginx serves at /.well-known/acme-challenge/ on port 80 while it goes on serving the site. The
# renewed pair is copied to ./certs/fullchain.pem and ./certs/privkey.pem (what nginx reads) and nginx reloads:
# new connections get the new certificate, open ones finish on the old, none is dropped.
# The first certificate: `docker compose run --rm certbot certonly --webroot --webroot-path /var/www/acme -d DOMAIN`
# with nginx running on a self-signed pair, or `certbot certonly --standalone` before the stack first starts.
set -euo pipefail
cd "$(dirname "$0")/.."

domain="${1:?usage: deploy/renew-certs.sh DOMAIN}"
compose=(docker compose -f docker-compose.yml)
live="certs/letsencrypt/live/$domain"

mkdir -p certs/acme
"${compose[@]}" --profile tls run --rm certbot
[ -f "$live/fullchain.pem" ] || { echo "renew-certs: no certificate for $domain in $live" >&2; exit 1; }
if cmp -s "$live/fullchain.pem" certs/fullchain.pem; then
  echo "renew-certs: $domain is not due; nothing to do"
  exit 0
fi
# Copied (not linked: nginx's container sees ./certs only) through temporary names, so nginx never reads half a pair.
install -m 0644 "$live/fullchain.pem" certs/.fullchain.pem.new
install -m 0600 "$live/privkey.pem" certs/.privkey.pem.new
mv certs/.fullchain.pem.new certs/fullchain.pem
mv certs/.privkey.pem.new certs/privkey.pem
"${compose[@]}" exec -T nginx nginx -s reload
echo "renew-certs: $domain renewed; nginx reloaded"
