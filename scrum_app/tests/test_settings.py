import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_settings(show: str = "s.DEBUG, s.ALLOWED_HOSTS", **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, "-c", f"import scrum_app.settings as s; print({show})"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_refuses_a_short_secret_key_in_production():
    result = load_settings(DEBUG="0", SECRET_KEY="short")
    assert result.returncode != 0
    assert "at least 50" in result.stderr


def test_it_starts_in_production_with_a_real_key_and_reads_hosts():
    result = load_settings(DEBUG="0", SECRET_KEY="r" * 64, ALLOWED_HOSTS="scrum.example.com, www.example.com")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['scrum.example.com', 'www.example.com']"


def test_it_names_a_malformed_boolean():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_it_refuses_login_limits_that_let_one_address_lock_an_account_out():
    result = load_settings(DEBUG="1", LOGIN_FAILURES_PER_ACCOUNT="5", LOGIN_FAILURES_PER_ACCOUNT_ADDRESS="5")
    assert result.returncode != 0
    assert "LOGIN_FAILURES_PER_ACCOUNT must be higher than LOGIN_FAILURES_PER_ACCOUNT_ADDRESS" in result.stderr


def test_it_refuses_a_login_limit_of_zero():
    result = load_settings(DEBUG="1", LOGIN_FAILURES_PER_ADDRESS="0")
    assert result.returncode != 0
    assert "must be at least 1" in result.stderr


def test_it_bounds_postgresql_connects_and_statements_as_configured():
    result = load_settings(
        "s.DATABASES['default']['OPTIONS']['connect_timeout'], s.DATABASES['default']['OPTIONS']['options']",
        DEBUG="1",
        DATABASE_URL="postgres://u@db.example:5432/scrum",
        DB_CONNECT_TIMEOUT="3",
        DB_STATEMENT_TIMEOUT_MS="2500",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3 -c statement_timeout=2500"
