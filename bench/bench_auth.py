"""Seed the demo board and print a session cookie and an API token for the benchmark (one line: SESSION TOKEN).

Run with the benchmark's environment (production settings, its own database).
"""

import os
import sys

sys.path.insert(0, os.getcwd())

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
user = get_user_model().objects.get(username="paula")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
token, _ = Token.objects.get_or_create(user=user)
print(session.session_key, token.key)
