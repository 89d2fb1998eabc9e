"""The image's configuration (Dockerfile, .dockerignore) and where it runs (Compose, Kubernetes): gunicorn believes
X-Forwarded-Proto only from the proxy it names, never from anyone (`*`), and the build context leaves out what only
development needs. (make image-smoke builds and runs the image itself and checks what is inside.)"""

import ipaddress
import re
from pathlib import Path

import pytest
import yaml
from gunicorn.config import Config
from uvicorn.middleware.proxy_headers import _TrustedHosts

ROOT = Path(__file__).resolve().parent.parent.parent


def dockerfile_env() -> dict[str, str]:
    """The runtime stage's ENV, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    runtime = text[text.index("AS runtime") :]
    env: dict[str, str] = {}
    for line in runtime.splitlines():
        if line.startswith("ENV "):
            env.update(re.findall(r"(\w+)=(\S+)", line))
    return env


def compose_env() -> dict[str, str]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return {name: str(value) for name, value in compose["x-app"]["environment"].items()}


def k8s_env() -> dict[str, str]:
    lines = (ROOT / "deploy" / "k8s" / "base" / "config.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def networks(value: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry.strip()) for entry in value.split(",")]


WHERE = {"the image": dockerfile_env, "Compose": compose_env, "Kubernetes": k8s_env}


@pytest.mark.parametrize("where", WHERE)
def test_gunicorn_trusts_forwarded_headers_only_from_named_addresses(where):
    value = WHERE[where]()["FORWARDED_ALLOW_IPS"]
    assert "*" not in value
    assert all(network.is_private for network in networks(value))  # raises on anything but addresses/networks


def test_the_image_trusts_only_loopback():
    assert networks(dockerfile_env()["FORWARDED_ALLOW_IPS"]) == networks("127.0.0.1,::1")


@pytest.mark.parametrize("where", ["Compose", "Kubernetes"])
def test_the_proxy_gunicorn_trusts_is_the_one_django_trusts(where):
    env = WHERE[where]()
    assert networks(env["FORWARDED_ALLOW_IPS"]) == networks(env["TRUSTED_PROXY_IPS"])


def test_web_and_ws_accept_the_compose_networks():
    # web: gunicorn's setting takes CIDR networks (it would raise otherwise); ws: uvicorn's proxy headers, same value.
    value = compose_env()["FORWARDED_ALLOW_IPS"]
    config = Config()
    config.set("forwarded_allow_ips", value)
    assert config.forwarded_allow_ips == value.split(",")
    trusted = _TrustedHosts(value.split(","))
    assert "172.18.0.5" in trusted  # nginx on a Compose network
    assert "203.0.113.7" not in trusted  # anyone else


def test_the_build_context_leaves_out_development():
    ignored = set((ROOT / ".dockerignore").read_text().splitlines())
    for pattern in ("**/tests", "e2e", "bench", "docs", "*.md", ".github", "requirements-dev.txt", "conftest.py"):
        assert pattern in ignored


DIGEST = re.compile(r"^[\w.\-/]+(:[\w.\-]+)?@sha256:[0-9a-f]{64}$")


def third_party_images() -> dict[str, str]:
    """Every image the project runs and does not build, where it is named: the Dockerfile's base, the Compose services,
    CI's services and the Kubernetes containers (the app's own image is set by digest per overlay or per deploy)."""
    found = {"Dockerfile BASE": re.search(r"^ARG BASE=(\S+)$", (ROOT / "Dockerfile").read_text(), re.M).group(1)}
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name, service in compose["services"].items():
        if "image" in service and "build" not in service and not service["image"].startswith("${SCRUM_IMAGE"):
            found[f"compose {name}"] = service["image"]
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    for job_name, job in ci["jobs"].items():
        for name, service in job.get("services", {}).items():
            found[f"ci {job_name} {name}"] = service["image"]
    for path in (ROOT / "deploy" / "k8s" / "base").glob("*.yaml"):
        for document in yaml.safe_load_all(path.read_text()):
            for image in re.findall(r"'image': '([^']+)'", repr(document)):
                if image != "scrum-app":
                    found[f"k8s {path.name}"] = image
    return found


def test_every_image_the_project_does_not_build_is_pinned_by_digest():
    """A tag can be pushed again with other contents; a digest cannot. Dependabot proposes the new digests."""
    images = third_party_images()
    assert {"Dockerfile BASE", "compose db", "compose redis", "compose nginx", "compose certbot"} <= set(images)
    assert any(where.startswith("ci ") for where in images) and any(where.startswith("k8s ") for where in images)
    assert {where: image for where, image in images.items() if not DIGEST.match(image)} == {}


def test_ci_and_kubernetes_run_the_postgresql_and_redis_that_compose_runs():
    """Dependabot bumps the Compose and Kubernetes digests but not CI's services: a bump must move them all together."""
    images = third_party_images()
    assert images["ci test postgres"] == images["compose db"] == images["k8s backup.yaml"]
    assert images["k8s migrate-job.yaml"] == images["compose db"]
    assert images["ci test redis"] == images["compose redis"]
