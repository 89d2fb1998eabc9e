"""The project's error handlers (handler400/403/404/500 in scrum_app.urls): JSON `{"detail": …}` under /api/, where
a script expects it, Django's HTML pages everywhere else."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def body_limit_text() -> str:
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if size % (1024 * 1024) == 0:
        return _("%(size)s MB") % {"size": size // (1024 * 1024)}
    return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": size}


def refuse(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    """A 4xx naming what is wrong: JSON under /api/, the error page elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "error.html", {"message": message, "back": "/"}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Django answers a body over DATA_UPLOAD_MAX_MEMORY_SIZE as any other SuspiciousOperation: a bare 400. It is a 413.
    if isinstance(exception, RequestDataTooBig):
        return refuse(
            request,
            _("The request body is larger than the %(limit)s this server accepts.") % {"limit": body_limit_text()},
            status=413,
        )
    if is_api(request):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": str(exception) or _("You do not have permission to do this.")}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)
