import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ops.jsonlog import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def json_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    # Django's loggers do not propagate to the root (settings.LOGGING): listen on both, as the stdout handler does.
    loggers = [logging.getLogger(), logging.getLogger("django")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_it_tags_django_log_lines_with_the_request_id(client, json_lines):
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="abc123")
    [line] = [entry for entry in json_lines() if entry["logger"] == "django.request"]
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["request_id"] == "abc123"
    assert line["status_code"] == 404
    assert line["time"].endswith("+00:00")


def test_it_turns_the_gunicorn_access_line_into_fields():
    atoms = {
        "m": "GET",
        "U": "/b/apollo/board/",
        "q": "",
        "s": "200",
        "B": "5120",
        "D": "12345",
        "h": "127.0.0.1",
        "a": "wrk",
        "{x-real-ip}i": "203.0.113.7",
        "{x-request-id}o": "f00d",
    }
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s", (atoms,), None)
    RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["method"] == "GET"
    assert entry["path"] == "/b/apollo/board/"
    assert entry["status"] == 200
    assert entry["duration_ms"] == 12.3
    assert entry["remote_addr"] == "203.0.113.7"
    assert entry["request_id"] == "f00d"
    assert entry["message"] == "GET /b/apollo/board/"


def test_it_keeps_a_traceback_inside_one_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exc"]


def test_production_settings_log_json_to_stdout():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scrum_app.settings",
        "DEBUG": "0",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "scrum.example.com",
    }
    env.pop("LOG_FORMAT", None)
    code = "import django, logging; django.setup(); logging.getLogger('scrum').warning('hello %s', 'there')"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    [line] = out.stdout.splitlines()
    entry = json.loads(line)
    assert entry["logger"] == "scrum"
    assert entry["message"] == "hello there"
    assert entry["request_id"] is None
    assert out.stderr == ""
