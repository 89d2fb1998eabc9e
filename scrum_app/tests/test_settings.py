import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize(
    ("env", "refusal"),
    [
        pytest.param({"DEBUG": "0"}, "SECRET_KEY is not set", id="production without a secret key"),
        pytest.param({"DEBUG": "0", "SECRET_KEY": "short"}, "at least 50", id="a short secret key in production"),
        pytest.param({"DEBUG": "maybe"}, "DEBUG must be a boolean", id="a malformed boolean"),
        pytest.param(
            {"DEBUG": "1", "LOGIN_FAILURES_PER_ACCOUNT": "5", "LOGIN_FAILURES_PER_ACCOUNT_ADDRESS": "5"},
            "LOGIN_FAILURES_PER_ACCOUNT must be higher than LOGIN_FAILURES_PER_ACCOUNT_ADDRESS",
            id="login limits that let one address lock an account out",
        ),
        pytest.param({"DEBUG": "1", "LOGIN_FAILURES_PER_ADDRESS": "0"}, "must be at least 1", id="a login limit of 0"),
    ],
)
def test_it_refuses_to_start_and_says_why(env, refusal):
    result = load_settings(**env)
    assert result.returncode != 0
    assert refusal in result.stderr


def test_it_starts_in_production_with_a_real_key_and_reads_hosts():
    result = load_settings(DEBUG="0", SECRET_KEY="r" * 64, ALLOWED_HOSTS="scrum.example.com, www.example.com")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['scrum.example.com', 'www.example.com']"


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


def test_it_reads_smtp_from_the_email_variables_and_queues_tasks_in_postgresql():
    result = load_settings(
        "(s.MAILERS['default'], s.TASKS['default']['BACKEND'])",
        DEBUG="0",
        SECRET_KEY="r" * 64,
        DATABASE_URL="postgres://u@db.example:5432/scrum",
        EMAIL_HOST="smtp.example.com",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="scrum",
        EMAIL_HOST_PASSWORD="pw",
        EMAIL_USE_TLS="1",
    )
    assert result.returncode == 0, result.stderr
    mailer, tasks = ast.literal_eval(result.stdout.strip())
    assert mailer == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.example.com",
            "port": 587,
            "username": "scrum",
            "password": "pw",
            "use_tls": True,
            "use_ssl": False,
            "timeout": 30,
        },
    }
    assert tasks == "django_tasks_db.DatabaseBackend"


def test_it_prints_mail_and_runs_tasks_at_once_in_the_embedded_default():
    result = load_settings(
        "s.MAILERS['default']['BACKEND'], s.TASKS['default']['BACKEND']", DEBUG="1", DATABASE_URL="sqlite://:memory:"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "django.core.mail.backends.console.EmailBackend django.tasks.backends.immediate.ImmediateBackend"
    )


def test_it_writes_mail_to_files_where_told():
    result = load_settings(
        "s.MAILERS['default']",
        DEBUG="1",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH="/tmp/mail",
    )
    assert result.stdout.strip() == (
        "{'BACKEND': 'django.core.mail.backends.filebased.EmailBackend', 'OPTIONS': {'file_path': '/tmp/mail'}}"
    )


def test_it_refuses_an_unknown_tasks_backend():
    result = load_settings(DEBUG="1", TASKS_BACKEND="celery")
    assert "TASKS_BACKEND must be one of" in result.stderr
