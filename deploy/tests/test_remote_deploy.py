"""deploy/remote-deploy.sh, the CD job's server side, run for real against stand-ins for `docker` and `curl`: there is
no Docker engine here, so `docker` records what it was asked and which image each service's container runs, and a
container's /healthz (the HEALTHCHECK script run by `compose exec`) passes only on the images a test says are good;
`curl` (the check through nginx) passes when every replica runs a good image."""

import os
import shutil
import stat
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPLICAS = ["web1", "web2", "ws1", "ws2"]

# `docker compose -f docker-compose.yml <command> …`: the containers are files in $STATE/running/<service>.
DOCKER = f"""#!{sys.executable}
import os, sys
from pathlib import Path

state = Path(os.environ["STATE"])
args = sys.argv[1:]
image = os.environ.get("SCRUM_IMAGE", "")
with open(state / "calls", "a") as calls:
    calls.write(" ".join(args) + "\\n")
running = state / "running"
running.mkdir(exist_ok=True)
healthy = (state / "healthy").read_text().split()
if args[:1] != ["compose"]:
    sys.exit(0)  # docker image prune
command, rest = args[3], args[4:]
services = [arg for arg in rest if not arg.startswith("-")]
if command == "run":
    sys.exit(1 if (state / "migrate-fails").exists() else 0)
if command == "up":
    if "--force-recreate" in rest:  # what nginx's upstream lists say while the container is replaced
        lists = sorted(Path("deploy/nginx/upstreams").glob("*.conf"))
        (state / f"upstreams-while-{{services[0]}}").write_text("".join(path.read_text() for path in lists))
    for service in services:
        if "--no-recreate" in rest and (running / service).exists():
            continue
        (running / service).write_text(image)
if command == "exec" and services[0] != "nginx":
    service = services[0]
    sys.exit(0 if (running / service).exists() and (running / service).read_text() in healthy else 1)
"""
CURL = """#!/bin/sh
for service in web1 web2 ws1 ws2; do
  grep -qx "$(cat "$STATE/running/$service" 2>/dev/null)" "$STATE/healthy" || exit 7
done
"""


@pytest.fixture
def server(tmp_path):
    site = tmp_path / "srv"
    (site / "deploy").mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "remote-deploy.sh", site / "deploy" / "remote-deploy.sh")
    shutil.copytree(ROOT / "deploy" / "nginx" / "upstreams", site / "deploy" / "nginx" / "upstreams")
    (site / "docker-compose.yml").write_text("services: {}\n")
    bin_dir, state = tmp_path / "bin", tmp_path / "state"
    bin_dir.mkdir()
    state.mkdir()
    for name, text in (("docker", DOCKER), ("curl", CURL)):
        path = bin_dir / name
        path.write_text(text)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)

    def deploy(image: str, *, healthy: list[str]) -> subprocess.CompletedProcess:
        (state / "healthy").write_text("".join(f"{name}\n" for name in healthy))
        (state / "calls").write_text("")
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "STATE": str(state), "HEALTH_TIMEOUT": "1"}
        return subprocess.run(
            ["bash", "deploy/remote-deploy.sh", image], cwd=site, env=env, capture_output=True, text=True
        )

    deploy.site = site
    deploy.state = state
    deploy.calls = lambda: (state / "calls").read_text().splitlines()
    deploy.running = lambda service: (state / "running" / service).read_text()
    return deploy


def index(calls: list[str], *words: str) -> int:
    return next(i for i, call in enumerate(calls) if all(word in call.split() for word in words))


def test_it_pulls_migrates_once_and_replaces_the_replicas_one_at_a_time(server):
    result = server("ghcr.io/acme/scrum@sha256:v2", healthy=["ghcr.io/acme/scrum@sha256:v2"])
    assert result.returncode == 0, result.stdout + result.stderr
    calls = server.calls()
    assert index(calls, "pull", "migrate", *REPLICAS, "worker") == 0
    # migrations: once, as their own step, before any replica is replaced
    assert [call for call in calls if " run " in call] == ["compose -f docker-compose.yml run --rm --no-deps migrate"]
    recreations = [call.split()[-1] for call in calls if "--force-recreate" in call]
    assert recreations == [*REPLICAS, "worker"]
    # each replica only after its predecessor answered its own /healthz and nginx was reloaded
    reloads = [i for i, call in enumerate(calls) if call.endswith("nginx nginx -s reload")]
    for before, after in pairwise(REPLICAS):
        recreated, next_one = index(calls, "--force-recreate", before), index(calls, "--force-recreate", after)
        answered = next(i for i in range(recreated, next_one) if f"exec -T {before} python" in calls[i])
        assert any(answered < reload < next_one for reload in reloads)
    assert len(reloads) == 1 + 2 * len(REPLICAS)  # the layout check, then a drain and an undrain for each replica
    assert index(calls, "run", "migrate") < index(calls, "--force-recreate", "web1")
    assert all(server.running(service) == "ghcr.io/acme/scrum@sha256:v2" for service in [*REPLICAS, "worker"])
    assert (server.site / ".deployed-image").read_text().strip() == "ghcr.io/acme/scrum@sha256:v2"


def test_each_replica_is_drained_in_nginx_while_it_is_replaced_and_only_it(server):
    result = server("scrum:v1", healthy=["scrum:v1"])
    assert result.returncode == 0, result.stdout + result.stderr
    for service in REPLICAS:
        lists = (server.state / f"upstreams-while-{service}").read_text()
        drained = [line.split()[1] for line in lists.splitlines() if line.startswith("server ") and " down " in line]
        assert drained == [f"{service}:{8000 if service.startswith('web') else 8001}"]
    after = "".join(path.read_text() for path in (server.site / "deploy" / "nginx" / "upstreams").glob("*.conf"))
    assert " down " not in after


def test_a_replica_that_stays_unhealthy_stops_the_roll_and_the_replaced_ones_go_back(server):
    assert server("scrum:v1", healthy=["scrum:v1"]).returncode == 0
    result = server("scrum:v2", healthy=["scrum:v1"])
    assert result.returncode == 1
    assert "web1 on scrum:v2 is not healthy" in result.stdout
    assert "rolling back to scrum:v1: web1" in result.stdout
    assert "rolled back: healthy on scrum:v1" in result.stdout
    calls = server.calls()
    # web2 was never touched: it served alone while web1 failed, and serves on
    assert not any("--force-recreate web2" in call for call in calls)
    assert all(server.running(service) == "scrum:v1" for service in [*REPLICAS, "worker"])
    assert (server.site / ".deployed-image").read_text().strip() == "scrum:v1"


def test_a_failed_check_through_nginx_rolls_every_replica_back(server, monkeypatch):
    assert server("scrum:v1", healthy=["scrum:v1"]).returncode == 0
    # Every replica answers its own /healthz on v2, but the site does not (say, nginx cannot reach them).
    curl = server.state.parent / "bin" / "curl"
    curl.write_text('#!/bin/sh\ngrep -qx scrum:v1 "$STATE/running/web1"\n')
    result = server("scrum:v2", healthy=["scrum:v1", "scrum:v2"])
    assert result.returncode == 1
    assert "health check through nginx failed on scrum:v2" in result.stdout
    assert "rolling back to scrum:v1: web1 web2 ws1 ws2" in result.stdout
    assert all(server.running(service) == "scrum:v1" for service in [*REPLICAS, "worker"])


def test_failed_migrations_replace_nothing(server):
    assert server("scrum:v1", healthy=["scrum:v1"]).returncode == 0
    (server.state / "migrate-fails").write_text("")
    result = server("scrum:v2", healthy=["scrum:v1", "scrum:v2"])
    assert result.returncode == 1
    assert "migrations failed on scrum:v2: nothing replaced, scrum:v1 still serves" in result.stdout
    assert not any("--force-recreate" in call for call in server.calls())
    assert all(server.running(service) == "scrum:v1" for service in REPLICAS)


def test_the_first_deploy_creates_the_missing_replicas_before_nginx_names_them(server):
    result = server("scrum:v1", healthy=["scrum:v1"])
    assert result.returncode == 0, result.stdout + result.stderr
    calls = server.calls()
    created = index(calls, "up", "--no-recreate", *REPLICAS, "worker")
    first_reload = next(i for i, call in enumerate(calls) if call.endswith("nginx nginx -s reload"))
    orphans = index(calls, "up", "--remove-orphans", "nginx")
    assert created < first_reload < orphans < index(calls, "--force-recreate", "web1")


def test_it_fails_without_a_previous_image_to_return_to(server):
    result = server("scrum:v1", healthy=[])
    assert result.returncode == 1
    assert "no previous image to roll back to" in result.stdout
    assert not (server.site / ".deployed-image").exists()
