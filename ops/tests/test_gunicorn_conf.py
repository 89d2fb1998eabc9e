"""gunicorn.conf.py as shipped: workers are recycled only as a leak guard, not every few seconds under load."""

import runpy
from pathlib import Path

from django.conf import settings


def shipped(monkeypatch, **environ: str) -> dict:
    for name in ("GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER", *environ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))


def test_a_worker_is_recycled_after_tens_of_thousands_of_requests_with_jitter(monkeypatch):
    conf = shipped(monkeypatch)
    # At ~400 req/s per worker, 2,000 meant a new worker (and an empty page cache) every 5 s.
    assert conf["max_requests"] >= 20_000
    assert conf["max_requests"] // 20 <= conf["max_requests_jitter"] < conf["max_requests"] // 2


def test_the_environment_can_turn_recycling_off(monkeypatch):
    assert shipped(monkeypatch, GUNICORN_MAX_REQUESTS="0")["max_requests"] == 0
