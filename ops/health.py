"""Readiness of the app's backing services, for /healthz (load balancers, Docker HEALTHCHECK, the deploy script)."""

from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connection

# Short timeouts: a health probe that hangs is worse than one that says "down".
REDIS_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True)
class Health:
    database: str
    redis: str

    @property
    def ok(self) -> bool:
        return self.database == "ok" and self.redis in {"ok", "not configured"}

    def as_dict(self) -> dict[str, str]:
        return {"status": "ok" if self.ok else "error", "database": self.database, "redis": self.redis}


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not answering"; the class name says which
        return f"error: {type(exc).__name__}"
    return "ok"


def check_redis(url: str) -> str:
    if not url:
        return "not configured"
    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    finally:
        client.close()
    return "ok"


def current_health() -> Health:
    return Health(database=check_database(), redis=check_redis(settings.REDIS_URL))
