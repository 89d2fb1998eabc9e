"""Failed-login counting per username (whatever the address) and per client address.

Both the login page and the API token endpoint ask `login_blocked` first and report failures with
`login_failed`, so a password-guessing burst against one account is stopped even when it comes from many addresses.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR is what the proxy in front of us connected from; nginx sets it via proxy_protocol-free forwarding,
    # and we never trust a client-supplied X-Forwarded-For for throttling.
    return request.META.get("REMOTE_ADDR", "unknown")


def _keys(username: str, address: str) -> tuple[str, str]:
    # Hashed: a username is whatever was typed, up to the body's 10 MB, and a key that long is refused by the cache.
    name = hashlib.sha256(username.strip().lower().encode(errors="replace")).hexdigest()
    return f"login-fail:user:{name}", f"login-fail:addr:{address}"


def login_blocked(*, username: str, address: str) -> bool:
    user_key, addr_key = _keys(username, address)
    counts = cache.get_many([user_key, addr_key])
    return (
        counts.get(user_key, 0) >= settings.LOGIN_FAILURES_PER_USERNAME
        or counts.get(addr_key, 0) >= settings.LOGIN_FAILURES_PER_ADDRESS
    )


def login_failed(*, username: str, address: str) -> None:
    for key in _keys(username, address):
        # add() is a no-op when the key exists, so the window starts at the first failure; incr() is atomic in Redis.
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
