"""gunicorn settings, read from the environment. The same file serves HTTP (WSGI, `scrum_app.wsgi`) and, with
`-k uvicorn_worker.UvicornWorker scrum_app.asgi:application`, the WebSockets under /ws/ (see deploy/entrypoint.sh).

Graceful reload: `kill -HUP <master pid>` (systemd: `systemctl reload gunicorn`) starts new workers with new code and
lets the old ones finish their requests; that is why the app is not preloaded in the master.
"""

import os
import shutil
import tempfile

from ops.jsonlog import stdout_logging


def _cpus() -> int:
    # The CPUs this process may run on (a container's limit), not the host's count.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# The usual 2 × CPUs + 1 for sync workers, capped so a big host does not exhaust PostgreSQL connections.
workers = _int("WEB_CONCURRENCY", min(2 * _cpus() + 1, 12))
threads = _int("GUNICORN_THREADS", 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")

timeout = _int("GUNICORN_TIMEOUT", 30)  # a worker silent this long is killed and replaced
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)  # time to finish requests on reload/stop
keepalive = _int("GUNICORN_KEEPALIVE", 5)  # nginx keeps upstream connections open
# Recycle a worker only as a guard against slow leaks, jittered so they do not all restart together. Every recycle
# boots Django again with an empty page cache: at 2,000 requests a loaded worker was replaced every ~5 s, which cost
# a third of the items list's throughput and put a ~1 s tail on its latency (docs/benchmarks.md).
max_requests = _int("GUNICORN_MAX_REQUESTS", 50_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 5_000)
preload_app = False
# gunicorn's default, set here because the API schema promises it (scrum_app.api_schema): a longer request line is
# answered 414 URI Too Long.
limit_request_line = 4094
# No control socket: nothing here uses it, and it would be written under $HOME (read-only for the image's user).
control_socket_disable = True
# Heartbeat files in memory (a fixed, root-owned tmpfs, hence the noqa): in a container /tmp may be a slow overlay.
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# nginx sets X-Forwarded-Proto; trust it only from the proxy's address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

# Both logs to stdout as JSON lines (ops.jsonlog); the access atoms become fields, with nginx's request id.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus %({x-request-id}o)s %({x-real-ip}i)s'
_formatter = os.environ.get("LOG_FORMAT", "json")
# gunicorn merges this over its defaults key by key: the root logger must name a handler defined here.
logconfig_dict = stdout_logging(
    json_lines=_formatter == "json",
    plain_format="%(asctime)s %(levelname)s %(name)s %(message)s",
    root_level="INFO",
    own={"gunicorn.error": loglevel.upper(), "gunicorn.access": "INFO"},
)

# Metrics (ops.metrics): every worker writes its samples to files in one folder and a scrape adds them up, since the
# worker that answers /metrics is not the one that served the requests. The folder is emptied when gunicorn starts
# (counters start at zero with the processes) and a dead worker's live gauges are dropped. Made here, before the
# workers fork and import the app, so that they all see it. In memory when /dev/shm exists.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.path.join(
        worker_tmp_dir or tempfile.gettempdir(), f"scrum-metrics-{os.getpid()}"
    )


def on_starting(server: object) -> None:
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, mode=0o700)


def child_exit(server: object, worker: object) -> None:
    # Imported here, not above: prometheus_client picks its multiprocess mode when first imported, and the workers
    # fork from this process with the folder set.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
