"""Each page in its user's language and time zone (accounts.preferences)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from accounts.preferences import activate


class PreferencesMiddleware:
    """After AuthenticationMiddleware: a profile's language goes before the one LocaleMiddleware read from the
    cookie or Accept-Language, and the time zone is the profile's, else the browser's, else the site's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        activate(request, request.user)
        return self.get_response(request)
