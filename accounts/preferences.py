"""The language and time zone of a person's pages: their profile's, else their browser's, else the site's.

Read on every request (accounts.middleware for pages, the token authentication for the API) without a query of its
own: the session's user comes with their profile (accounts.backends), and the board API's token query brings it too.
"""

import zoneinfo
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils import timezone, translation

# The browser's zone, as app.js reports it (Intl.DateTimeFormat), for anyone whose profile names none.
ZONE_COOKIE = "tz"


@dataclass(frozen=True)
class Preferences:
    language: str = ""  # "" : the browser's
    time_zone: str = ""  # "" : the browser's, else the site's


@cache
def zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def valid_zone(name: str) -> zoneinfo.ZoneInfo | None:
    return zoneinfo.ZoneInfo(name) if name in zone_names() else None


def remember(user: AbstractBaseUser, *, language: str | None, time_zone: str | None) -> None:
    """Keep preferences read along with the user (None: no profile row), so preferences_of() asks nothing more."""
    user.__dict__["preferences"] = Preferences(language or "", time_zone or "")


def preferences_of(user: AbstractBaseUser | AnonymousUser) -> Preferences:
    if not user.is_authenticated:
        return Preferences()
    known = user.__dict__.get("preferences")
    if known is None:
        from accounts.models import Profile

        try:
            profile = user.profile  # loaded with the user by accounts.backends; else one query
        except Profile.DoesNotExist:
            profile = None
        known = Preferences(profile.language, profile.time_zone) if profile else Preferences()
        user.__dict__["preferences"] = known
    return known


def activate(request: HttpRequest, user: AbstractBaseUser | AnonymousUser) -> None:
    """Switch this request to the user's language (when their profile names one: else LocaleMiddleware's choice from
    the cookie or Accept-Language stands) and to their time zone."""
    chosen = preferences_of(user)
    if chosen.language in dict(settings.LANGUAGES):
        translation.activate(chosen.language)
        request.LANGUAGE_CODE = chosen.language
    zone = valid_zone(chosen.time_zone) or valid_zone(request.COOKIES.get(ZONE_COOKIE, ""))
    if zone is None:
        timezone.deactivate()
    else:
        timezone.activate(zone)
