"""Failed-login counting for the login page, the admin's login and the API token endpoint (README, "Login limits").

Three counters, after django-axes' lockout parameters `[["username", "ip_address"], "username", "ip_address"]`:

- per account and address (LOGIN_FAILURES_PER_ACCOUNT_ADDRESS): a successful login from that address resets it, so
  someone who mistyped a few times is not left one typo away from a lockout;
- per account, whatever the address (LOGIN_FAILURES_PER_ACCOUNT, higher): a success does not reset it, so guesses
  spread over many addresses are still stopped, while one address alone can never lock an account out for everyone;
- per address, whatever the account (LOGIN_FAILURES_PER_ADDRESS): a success does not reset it either (a guesser
  would log in to their own account between guesses).

An account is named the way login finds it: Django's login form normalises the name with NFKC (so fullwidth
"ｓａｍ" logs in as "sam") and the token endpoint does the same. The counters key on that name case-folded, which is
one key for every spelling that reaches the account, and the same key whether or not the account exists: the limits
never tell a guesser which names are taken.

The counters are rows in the database (LoginCounter), not cache entries: every worker shares them with or without
Redis, and Redis being down cannot break login. Each attempt takes its place in every counter before the password is
checked (one atomic upsert per counter) and a right password gives the places back, so a burst of concurrent attempts
cannot pass a limit. The writes must not run inside a transaction: each commits at once for the other workers to see.
"""

import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from rest_framework.request import Request

from accounts.models import LoginCounter
from ops.metrics import LOGIN_FAILURES, LOGIN_THROTTLED

LOGIN_REFUSED = "Too many failed login attempts."


class LoginRefused(Exception):
    """A limit is reached: no password is checked until `retry_after` seconds have passed."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(LOGIN_REFUSED)
        self.retry_after = max(1, retry_after)

    @property
    def message(self) -> str:
        minutes = math.ceil(self.retry_after / 60)
        return f"{LOGIN_REFUSED} Try again in {minutes} minute{'s' if minutes > 1 else ''}."


@dataclass(frozen=True)
class _Counter:
    key: str
    limit: int


def client_address(request: HttpRequest | Request) -> str:
    # REMOTE_ADDR is the peer, or the client named by a trusted proxy (ops.middleware.TrustedProxyMiddleware);
    # a client-supplied X-Forwarded-For is never trusted for throttling.
    return request.META.get("REMOTE_ADDR", "unknown")


def login_name(username: str) -> str:
    """The name as login resolves it (stripped, NFKC, as Django's UsernameField), case-folded."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username.strip()).casefold())


def authenticate_counted(request: HttpRequest | Request, *, username: str, password: str) -> AbstractBaseUser | None:
    """Django's authenticate() behind the login limits: raises LoginRefused when one is reached (the password is then
    not checked); a wrong password stays counted; a right one resets its account-and-address counter."""
    counters = attempt_counted(request, username=username)
    user = authenticate(request, username=username, password=password)
    if user is None:
        LOGIN_FAILURES.inc()
    else:
        pair, *others = counters
        LoginCounter.objects.filter(key=pair.key).delete()
        _give_back(others)
    return user


def attempt_counted(request: HttpRequest | Request, *, username: str) -> tuple[_Counter, _Counter, _Counter]:
    """Count an attempt as a failed login, behind the limits: raises LoginRefused when one is reached. A login gives
    places back when its password is right; a sign-up that hits a taken name keeps it counted. Returns the counters."""
    counters = _counters(username=username, address=client_address(request))
    now = timezone.now()
    _refuse_when_over(counters, now=now)
    _take_places(counters, now=now)
    return counters


def refuse_when_over(request: HttpRequest | Request, *, username: str) -> None:
    """Raise LoginRefused when a limit of `username` from this address is reached, counting nothing."""
    _refuse_when_over(_counters(username=username, address=client_address(request)), now=timezone.now())


def _counters(*, username: str, address: str) -> tuple[_Counter, _Counter, _Counter]:
    name, place = _digest(login_name(username)), _digest(address)
    return (
        _Counter(f"pair:{name}:{place}", settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS),
        _Counter(f"acct:{name}", settings.LOGIN_FAILURES_PER_ACCOUNT),
        _Counter(f"addr:{place}", settings.LOGIN_FAILURES_PER_ADDRESS),
    )


def counters_of(name_or_address: str) -> Q:
    """The counters of a user name (as login resolves it) or of an address: what support deletes to lift a lockout."""
    name, place = _digest(login_name(name_or_address)), _digest(name_or_address.strip())
    return (
        Q(key__in=[f"acct:{name}", f"addr:{place}"])
        | Q(key__startswith=f"pair:{name}:")
        | Q(key__startswith="pair:", key__endswith=f":{place}")
    )


def _digest(value: str) -> str:
    # Keyed, so that a leaked table gives away neither names (sometimes a password typed in the wrong box) nor
    # addresses. 128 bits tell apart far more names than will ever be typed.
    return salted_hmac("accounts.throttle", value, algorithm="sha256").hexdigest()[:32]


def _refuse_when_over(counters: tuple[_Counter, ...], *, now: datetime) -> None:
    # A read first, so that attempts refused anyway write nothing and extend nothing.
    limits = {counter.key: counter.limit for counter in counters}
    rows = LoginCounter.objects.filter(key__in=limits, expires__gt=now).values_list("key", "count", "expires")
    ends = [expires for key, count, expires in rows if count >= limits[key]]
    if ends:
        LOGIN_THROTTLED.inc()
        raise LoginRefused(math.ceil((max(ends) - now).total_seconds()))


def _take_places(counters: tuple[_Counter, ...], *, now: datetime) -> None:
    LoginCounter.objects.filter(expires__lte=now).delete()
    taken: list[_Counter] = []
    for counter in counters:
        taken.append(counter)
        if _count_up(counter.key, now=now) > counter.limit:
            # Concurrent attempts took the last places: this one is refused and counts nowhere.
            _give_back(taken)
            LOGIN_THROTTLED.inc()
            expires = LoginCounter.objects.filter(key=counter.key).values_list("expires", flat=True).first()
            raise LoginRefused(math.ceil((expires - now).total_seconds()) if expires else 1)


def _count_up(key: str, *, now: datetime) -> int:
    """Add one to the counter, or start it at one when it is new or past its window; the count after."""
    q = connection.ops.quote_name
    table, key_col, count, expires = (q(LoginCounter._meta.db_table), q("key"), q("count"), q("expires"))
    ends = now + timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        # One statement, so concurrent attempts queue on the row (PostgreSQL) or the database (SQLite), and no count
        # is lost.
        cursor.execute(
            f"INSERT INTO {table} ({key_col}, {count}, {expires}) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT ({key_col}) DO UPDATE SET "
            f"{count} = CASE WHEN {table}.{expires} <= %s THEN 1 ELSE {table}.{count} + 1 END, "
            f"{expires} = CASE WHEN {table}.{expires} <= %s THEN excluded.{expires} ELSE {table}.{expires} END "
            f"RETURNING {count}",
            [key, adapt(ends), adapt(now), adapt(now)],
        )
        return cursor.fetchone()[0]


def _give_back(counters: list[_Counter]) -> None:
    # One statement per row: a statement never waits for a row while holding another, so no two attempts deadlock.
    for counter in counters:
        LoginCounter.objects.filter(key=counter.key, count__gt=0).update(count=F("count") - 1)
