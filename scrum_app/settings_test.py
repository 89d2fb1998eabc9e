"""Test settings: the real settings, only made faster."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 60)
# The race tests hold one connection per thread at once (up to 60, scrum_app.testing.all_at_once): the pool must let
# them, and give idle connections back to PostgreSQL soon, since several test processes may share one server.
os.environ.setdefault("DB_POOL_MAX_SIZE", "80")
os.environ.setdefault("DB_POOL_MAX_IDLE", "10")

from scrum_app.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
