"""deploy/remote-deploy.sh, the CD job's server side, run for real against stand-ins for `docker` and `curl`: there is
no Docker engine here, so `docker` records what it was asked and which image the web runs, and `curl` answers the
health check as healthy only for the images a test says are good."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DOCKER = """#!/bin/sh
echo "SCRUM_IMAGE=${SCRUM_IMAGE:-} $*" >> "$STATE/calls"
case "$*" in
  *" up "*web*) echo "$SCRUM_IMAGE" > "$STATE/running" ;;
esac
exit 0
"""
CURL = """#!/bin/sh
running="$(cat "$STATE/running" 2>/dev/null)"
grep -qx "$running" "$STATE/healthy" 2>/dev/null
"""


@pytest.fixture
def server(tmp_path):
    site = tmp_path / "srv"
    (site / "deploy").mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "remote-deploy.sh", site / "deploy" / "remote-deploy.sh")
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
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "STATE": str(state), "HEALTH_TIMEOUT": "1"}
        return subprocess.run(
            ["bash", "deploy/remote-deploy.sh", image], cwd=site, env=env, capture_output=True, text=True
        )

    deploy.site = site
    deploy.calls = lambda: (state / "calls").read_text().splitlines()
    deploy.running = lambda: (state / "running").read_text().strip()
    return deploy


def test_it_pulls_migrates_and_restarts_on_the_new_image(server):
    result = server("ghcr.io/acme/scrum:v2", healthy=["ghcr.io/acme/scrum:v2"])
    assert result.returncode == 0, result.stdout + result.stderr
    calls = server.calls()
    assert any("pull" in call and call.startswith("SCRUM_IMAGE=ghcr.io/acme/scrum:v2") for call in calls)
    # migrate + collectstatic (the `release` one-shot) run before the web is restarted
    run_migrate = next(i for i, call in enumerate(calls) if "run --rm --no-deps migrate" in call)
    restart_web = next(i for i, call in enumerate(calls) if " up " in call and "web ws" in call)
    assert run_migrate < restart_web
    assert server.running() == "ghcr.io/acme/scrum:v2"
    assert (server.site / ".deployed-image").read_text().strip() == "ghcr.io/acme/scrum:v2"


def test_it_rolls_back_to_the_previous_image_when_the_health_check_fails(server):
    assert server("ghcr.io/acme/scrum:v1", healthy=["ghcr.io/acme/scrum:v1"]).returncode == 0
    result = server("ghcr.io/acme/scrum:v2", healthy=["ghcr.io/acme/scrum:v1"])
    assert result.returncode == 1
    assert "rolling back to ghcr.io/acme/scrum:v1" in result.stdout
    assert "rolled back: healthy on ghcr.io/acme/scrum:v1" in result.stdout
    assert server.running() == "ghcr.io/acme/scrum:v1"
    assert (server.site / ".deployed-image").read_text().strip() == "ghcr.io/acme/scrum:v1"


def test_it_fails_without_a_previous_image_to_return_to(server):
    result = server("ghcr.io/acme/scrum:v1", healthy=[])
    assert result.returncode == 1
    assert "no previous image to roll back to" in result.stdout
    assert not (server.site / ".deployed-image").exists()
