#!/usr/bin/env bash
# wrk through nginx → gunicorn on loopback: the board page, the items endpoint and the trivial view (/ping), 20 s at
# 16 connections each, with production settings (DEBUG off, PostgreSQL, Redis) and gunicorn's default worker count.
# Prints a Markdown table (req/s, p50, p99, worker RSS, ratio to /ping) for docs/benchmarks.md.
#
# Environment: PG_URL (postgres://postgres@127.0.0.1:5432), REDIS_URL (redis://127.0.0.1:6379/4), DURATION (20s),
# CONNECTIONS (16), THREADS (2), HTTP_PORT (8280), WEB_PORT (8207), VENV (.venv).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
source bench/common.sh

DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
HTTP_PORT="${HTTP_PORT:-8280}"
WEB_PORT="${WEB_PORT:-8207}"
BASE="http://127.0.0.1:$HTTP_PORT"

bench_database scrum_bench
# No worker recycling mid-run: the CPU time per request is read from the workers' /proc counters. Set
# GUNICORN_MAX_REQUESTS (e.g. 2000) to measure what recycling costs; the CPU column then undercounts, since a replaced
# worker takes its counters with it.
export GUNICORN_MAX_REQUESTS="${GUNICORN_MAX_REQUESTS:-0}"
export GUNICORN_BIND="127.0.0.1:$WEB_PORT"

# As in production: gunicorn's JSON access log and nginx's access log both on (written to files here).
deploy/entrypoint.sh web > "$WORK/web.log" 2>&1 &
master=$!
pids+=("$master")
for _ in $(seq 120); do curl -fs -o /dev/null "http://127.0.0.1:$WEB_PORT/healthz" && break; sleep 0.5; done
conf="$("$VENV/bin/python" deploy/nginx_conf.py render deploy/nginx/compose.conf "$WORK/nginx" \
  --http-port "$HTTP_PORT" --web-port "$WEB_PORT" --ws-port "$WEB_PORT" --static-parent "$WORK")"
nginx -p "$WORK/nginx" -c "$conf" -g 'daemon off;' > "$WORK/nginx.out" 2>&1 &
pids+=($!)
for _ in $(seq 40); do curl -fs -o /dev/null "$BASE/ping" && break; sleep 0.25; done

workers="$(pgrep -P "$master" | wc -l)"
echo "# $(date -u +%FT%TZ) gunicorn workers: $workers, nginx 1 worker, wrk -t$THREADS -c$CONNECTIONS -d$DURATION," \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# name|url|extra header
targets=(
  "trivial view /ping|$BASE/ping|"
  "board page /b/demo/board/|$BASE/b/demo/board/|Cookie: sessionid=$session"
  "items endpoint /api/v1/boards/demo/items/|$BASE/api/v1/boards/demo/items/|Authorization: Token $token"
)

worker_cpu_ticks() {  # user + system CPU time of all workers, in clock ticks
  pgrep -P "$master" | while read -r pid; do cut -d' ' -f14,15 "/proc/$pid/stat"; done | awk '{ s += $1 + $2 } END { print s }'
}
TICK="$(getconf CLK_TCK)"

rows=()
ping_rps=""
for target in "${targets[@]}"; do
  IFS='|' read -r name url header <<< "$target"
  args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 10s)
  [ -n "$header" ] && args+=(-H "$header")
  status="$(curl -s -o /dev/null -w '%{http_code}' ${header:+-H "$header"} "$url")"
  [ "$status" = 200 ] || { echo "$name answers $status, not 200" >&2; exit 1; }
  cpu_before="$(worker_cpu_ticks)"
  wrk "${args[@]}" "$url" > "$WORK/wrk.txt"
  cpu_after="$(worker_cpu_ticks)"
  requests="$(awk '/requests in/ { print $1 }' "$WORK/wrk.txt")"
  # CPU the workers spent per request: unlike req/s, hardly moved by other load on the machine.
  cpu_ms="$(awk -v a="$cpu_before" -v b="$cpu_after" -v n="$requests" -v t="$TICK" 'BEGIN { printf "%.2f", (b - a) * 1000 / t / n }')"
  rps="$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk.txt")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")")"
  errors="$(awk '/Non-2xx|Socket errors/ { $1 = $1; print }' "$WORK/wrk.txt" | paste -sd ';' -)"
  # Resident memory of each worker after the run (KiB → MiB): mean and max.
  rss="$(pgrep -P "$master" | xargs ps -o rss= -p | awk '{ s += $1; if ($1 > m) m = $1 } END { printf "%.0f / %.0f", s / NR / 1024, m / 1024 }')"
  [ -z "$ping_rps" ] && ping_rps="$rps" && ping_cpu="$cpu_ms"
  ratio="$(awk -v a="$rps" -v b="$ping_rps" 'BEGIN { printf "%.2f", a / b }')"
  cpu_ratio="$(awk -v a="$cpu_ms" -v b="$ping_cpu" 'BEGIN { printf "%.1f", a / b }')"
  rows+=("| $name | $rps | $p50 | $p99 | $cpu_ms | $rss | $ratio | $cpu_ratio | ${errors:-none} |")
  echo "  $name: $rps req/s, p50 $p50 ms, p99 $p99 ms, $cpu_ms ms worker CPU per request" >&2
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "| target | req/s | p50 ms | p99 ms | worker CPU ms/request | worker RSS MiB (mean / max) | req/s ÷ /ping | CPU/request ÷ /ping | errors |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
