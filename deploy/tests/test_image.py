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
