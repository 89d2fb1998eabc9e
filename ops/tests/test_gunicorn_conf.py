"""gunicorn.conf.py as shipped: workers are recycled only as a leak guard, not every few seconds under load."""

import runpy
from pathlib import Path

from django.conf import settings


def shipped(monkeypatch, **environ: str) -> dict:
    for name in ("GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER", *environ):
        monkeypatch.delenv(name, raising=False)
    # The file sets the metrics folder in os.environ when it is not set: recorded here, so it is undone after.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")
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


def test_every_worker_writes_metrics_to_one_folder_emptied_at_start(monkeypatch, tmp_path):
    conf = shipped(monkeypatch)
    import os

    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    assert folder and f"scrum-metrics-{os.getpid()}" in folder
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "counter_123.db").write_bytes(b"old")
    conf["on_starting"](None)
    assert list((tmp_path / "metrics").iterdir()) == []  # counters start at zero with the processes
