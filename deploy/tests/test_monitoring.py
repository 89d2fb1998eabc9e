"""deploy/monitoring: the alert rules and the Grafana dashboard name only metrics the app exports, so a renamed
metric cannot silently leave a panel empty or an alert that never fires."""

import json
import re
from pathlib import Path

import pytest
import yaml
from django.test import Client
from django.utils import timezone
from prometheus_client import REGISTRY

from ops.models import BackupRecord

MONITORING = Path(__file__).resolve().parent.parent / "monitoring"
METRIC = re.compile(r"\bscrum_[a-z_]+")

pytestmark = pytest.mark.django_db


SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",)}


def exported() -> set[str]:
    """Every series name /metrics can answer with, from the families it declares (a labelled series has no sample
    until its first event), with a backup recorded so that its gauge is there too."""
    BackupRecord.objects.create(finished_at=timezone.now(), file="x.dump", size_bytes=1, reason="manual")
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 200
    return {family.name + suffix for family in REGISTRY.collect() for suffix in SUFFIXES.get(family.type, ("",))}


def test_every_alert_rule_is_complete_and_names_exported_metrics():
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())["groups"][0]["rules"]
    names = exported()
    alerts = {rule["alert"] for rule in rules}
    # The four, and two more.
    assert {"ScrumHigh5xxRate", "ScrumSlowRequests", "ScrumHealthCheckFailing", "ScrumBackupTooOld"} <= alerts
    for rule in rules:
        assert rule["for"] and rule["labels"]["severity"] in {"page", "ticket"}
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]
        used = set(METRIC.findall(rule["expr"]))
        assert used, rule["alert"]
        assert used <= names, (rule["alert"], used - names)


def test_every_dashboard_panel_queries_exported_metrics():
    dashboard = json.loads((MONITORING / "grafana-dashboard.json").read_text())
    names = exported()
    assert dashboard["uid"] == "scrum-app" and len(dashboard["panels"]) >= 10
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            used = set(METRIC.findall(target["expr"]))
            assert used and used <= names, (panel["title"], used - names)


def test_prometheus_scrapes_the_app_processes_directly_with_the_rules():
    config = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    assert config["rule_files"] == ["alerts.yml"]
    targets = {
        target for job in config["scrape_configs"] for group in job["static_configs"] for target in group["targets"]
    }
    assert targets == {"web1:8000", "web2:8000", "ws1:8001", "ws2:8001"}  # the internal side; nginx refuses /metrics
