#!/usr/bin/env bash
# Two web processes behind nginx against one (issue 17): the same gunicorn (WEB_CONCURRENCY workers each), the same
# PostgreSQL and Redis, nginx's upstream listing one or two of them. wrk on the items endpoint and the board page,
# the two set-ups taking turns for ROUNDS rounds so that drifting load on the machine hits both alike. Prints the
# medians (req/s, p50, p99) and the ratio two/one as a Markdown table for docs/benchmarks.md.
#
# Environment: PG_URL (postgres://postgres@127.0.0.1:5432), REDIS_URL (redis://127.0.0.1:6379/4), DURATION (15s),
# CONNECTIONS (32), THREADS (2), ROUNDS (3), WEB_CONCURRENCY (3), HTTP_PORT (8281), WEB_PORTS ("8208 8209"), VENV.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
source bench/common.sh

DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-3}"
HTTP_PORT="${HTTP_PORT:-8281}"
read -r -a WEB_PORTS <<< "${WEB_PORTS:-8208 8209}"
BASE="http://127.0.0.1:$HTTP_PORT"
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-3}" GUNICORN_MAX_REQUESTS=0
nginx_pid=""

bench_database scrum_bench_replicas
"$VENV/bin/python" manage.py collectstatic --noinput --verbosity 0

# Both web processes run throughout; a round points nginx at one or at both.
for port in "${WEB_PORTS[@]}"; do
  GUNICORN_BIND="127.0.0.1:$port" deploy/entrypoint.sh web > "$WORK/web-$port.log" 2>&1 &
  pids+=($!)
done
for port in "${WEB_PORTS[@]}"; do
  for _ in $(seq 120); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.5; done
done

start_nginx() {  # $@: the web ports nginx balances over
  [ -n "$nginx_pid" ] && stop "$nginx_pid" && unset 'pids[-1]'  # nginx is always the last one started
  mkdir -p "$WORK/nginx/logs"
  {
    echo "worker_processes 1; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http { access_log off; upstream scrum_web { least_conn;"
    for port in "$@"; do echo "  server 127.0.0.1:$port max_fails=3 fail_timeout=10s;"; done
    echo "  keepalive 32; }"
    echo "  server { listen 127.0.0.1:$HTTP_PORT; location / { proxy_pass http://scrum_web;"
    echo "    proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_set_header Host \$host;"
    echo "    proxy_set_header X-Real-IP \$remote_addr; } } }"
  } > "$WORK/nginx/nginx.conf"
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' > "$WORK/nginx.out" 2>&1 &
  nginx_pid=$!
  pids+=("$nginx_pid")
  for _ in $(seq 40); do curl -fs -o /dev/null "$BASE/ping" && break; sleep 0.25; done
}

# name|path|header
targets=(
  "items endpoint|/api/v1/boards/demo/items/|Authorization: Token $token"
  "board page|/b/demo/board/|Cookie: sessionid=$session"
)
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, gunicorn $WEB_CONCURRENCY sync workers per process, wrk -t$THREADS" \
  "-c$CONNECTIONS -d$DURATION, $ROUNDS rounds, load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
: > "$WORK/results"
for round in $(seq "$ROUNDS"); do
  for replicas in 1 2; do
    start_nginx "${WEB_PORTS[@]:0:$replicas}"
    for target in "${targets[@]}"; do
      IFS='|' read -r name path header <<< "$target"
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 10s -H "$header" "$BASE$path" > "$WORK/wrk.txt"
      rps="$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk.txt")"
      p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt")")"
      p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")")"
      errors="$(awk '/Non-2xx|Socket errors/ { n++ } END { print n + 0 }' "$WORK/wrk.txt")"
      echo "$name|$replicas|$rps|$p50|$p99|$errors" >> "$WORK/results"
      echo "  round $round, $replicas web: $name $rps req/s, p50 $p50 ms, p99 $p99 ms" >&2
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$VENV/bin/python" - "$WORK/results" <<'PY'
import statistics
import sys

rows: dict[tuple[str, int], list[tuple[float, float, float, int]]] = {}
for line in open(sys.argv[1]):
    name, replicas, rps, p50, p99, errors = line.strip().split("|")
    rows.setdefault((name, int(replicas)), []).append((float(rps), float(p50), float(p99), int(errors)))
print("| target | web processes | req/s (median) | p50 ms | p99 ms | runs with errors | req/s two ÷ one |")
print("|---|---|---|---|---|---|---|")
for name in dict.fromkeys(key[0] for key in rows):
    one = statistics.median(r[0] for r in rows[(name, 1)])
    for replicas in (1, 2):
        runs = rows[(name, replicas)]
        rps = statistics.median(r[0] for r in runs)
        p50 = statistics.median(r[1] for r in runs)
        p99 = statistics.median(r[2] for r in runs)
        failed = sum(1 for r in runs if r[3])
        ratio = f"{rps / one:.2f}" if replicas == 2 else ""
        print(f"| {name} | {replicas} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {failed} of {len(runs)} | {ratio} |")
PY
