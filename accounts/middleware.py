"""Each page in its user's language and time zone (accounts.preferences); an htmx request sent to log in goes as a
whole page."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty
from django_htmx.http import HttpResponseClientRedirect

from accounts.preferences import activate


class PreferencesMiddleware:
    """After AuthenticationMiddleware: when the request's user is first read, a profile's language goes before the
    one LocaleMiddleware read from the cookie or Accept-Language, and the time zone becomes the profile's, else the
    browser's, else the site's.

    Not here and now: reading the user asks the database, and a request that never does (/ping) must not; a query
    failing here, outside any view, would escape ops' database-fault handling (a read run once more, else 503).
    Views read the user first thing (login_required, the board's membership, DRF's authentication), and templates
    through `preferences` below, before they write a word.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()  # no zone left over from this thread's previous request
        session_user = request.user
        request.user = SimpleLazyObject(lambda: _with_preferences(request, session_user))
        return self.get_response(request)


def _with_preferences(request: HttpRequest, user: AbstractBaseUser | AnonymousUser) -> AbstractBaseUser | AnonymousUser:
    activate(request, user)
    wrapped = getattr(user, "_wrapped", user)  # AuthenticationMiddleware's lazy user, loaded by activate()
    return user if wrapped is empty else wrapped


def preferences(request: HttpRequest) -> dict[str, object]:
    """Template context processor: read the user (and so switch to their language and zone) before the template
    writes its first word. It runs inside the view's render, where a failing database is answered as any query's."""
    request.user.is_authenticated  # noqa: B018 (reading it is the point)
    return {}


class HtmxLoginMiddleware:
    """After django-htmx's: an htmx request whose session has ended is sent to log in as a whole page (HX-Redirect),
    and back to the page the person was on. Followed inside the request, the redirect would swap the login page into
    a region of the page, and log them back in to that region's bare fragment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.status_code != 302:
            return response
        if response["Location"].partition("?")[0] != resolve_url(settings.LOGIN_URL):
            return response
        # The page in the address bar, when it is ours (django-htmx gives None for another origin).
        here = request.htmx.current_url_abs_path or resolve_url(settings.LOGIN_REDIRECT_URL)
        return HttpResponseClientRedirect(redirect_to_login(here).url)
