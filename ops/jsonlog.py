"""JSON log lines: one object a line on stdout, each carrying the request id of the request that wrote it, and the
trace id of its span when tracing is on (ops.tracing)."""

import json
import logging
from datetime import UTC, datetime
from typing import Any

from ops.request_id import current_request_id
from ops.tracing import current_trace_id

# Attributes every LogRecord has; anything else on a record came from `extra=` and is worth keeping.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
    "trace_id",
}
# Objects Django passes in `extra` that are not data.
_SKIP = {"request", "server_time", "color_message"}


class RequestIdFilter(logging.Filter):
    """Adds `request_id`: the context's (set by RequestIdMiddleware), else that of the request Django logged; and
    `trace_id`, the running span's (None without tracing)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get()
        if request_id is None:
            request_id = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = request_id
        record.trace_id = current_trace_id()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        trace_id = getattr(record, "trace_id", None)
        if trace_id:
            entry["trace_id"] = trace_id
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(_access_fields(record.args))
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _SKIP and key not in entry:
                entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else repr(value)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _access_fields(atoms: dict[str, Any]) -> dict[str, Any]:
    """gunicorn's access log hands its atoms as the record's args: keep the useful ones as fields."""
    request_id = atoms.get("{x-request-id}o") or atoms.get("{x-request-id}i")
    fields = {
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "query": atoms.get("q") or None,
        "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
        "bytes": int(atoms["B"]) if str(atoms.get("B", "")).isdigit() else None,
        "duration_ms": round(int(atoms["D"]) / 1000, 1) if str(atoms.get("D", "")).isdigit() else None,
        "remote_addr": atoms.get("{x-real-ip}i") if atoms.get("{x-real-ip}i") not in {None, "-"} else atoms.get("h"),
        "user_agent": atoms.get("a"),
    }
    if request_id and request_id != "-":
        fields["request_id"] = request_id
    return fields


def stdout_logging(*, json_lines: bool, plain_format: str, root_level: str, own: dict[str, str]) -> dict[str, Any]:
    """A logging.config.dictConfig that writes every record on stdout with its request id, as a JSON object a line or
    as `plain_format`. The loggers in `own` (name: level) write there only, not a second time through the root.

    One shape for the app's processes (settings.LOGGING) and gunicorn's master (gunicorn.conf.py)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "ops.jsonlog.RequestIdFilter"}},
        "formatters": {"json": {"()": "ops.jsonlog.JsonFormatter"}, "plain": {"format": plain_format}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "filters": ["request_id"],
                "formatter": "json" if json_lines else "plain",
            }
        },
        "root": {"handlers": ["stdout"], "level": root_level},
        "loggers": {name: {"handlers": ["stdout"], "level": level, "propagate": False} for name, level in own.items()},
    }
