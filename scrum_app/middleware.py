"""Text no layer below can take, refused at the door."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from scrum_app.error_views import is_api, refuse
from scrum_app.parsers import form_fault, text_fault


def _query_refusal(request: HttpRequest) -> HttpResponse | None:
    fault = form_fault(request.GET)
    if fault is None:
        return None
    name, message = fault
    if name is None:
        return refuse(request, _("A query parameter's name: %(problem)s") % {"problem": message}, status=400)
    if is_api(request):
        return JsonResponse({name: [message]}, status=400)
    return refuse(request, _("%(name)s: %(problem)s") % {"name": name, "problem": message}, status=400)


class UnstorableTextMiddleware:
    """A NUL character or a lone surrogate in the path answers 404, in a query parameter 400 naming it.

    PostgreSQL refuses NUL in text and UTF-8 cannot encode a lone surrogate, so either, reaching a query, failed as a
    500 (a member's username in a URL, a filter value a view reads by hand). Checked here once for every view; the
    API's bodies are checked by its parsers (scrum_app.parsers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if text_fault(request.path_info):
            raise Http404(_("No such address."))
        # A form's fields are left to its form, which names them where they are typed (Django's CharField refuses
        # NUL); the hostile-values test posts NUL to every form on PostgreSQL.
        return _query_refusal(request) or self.get_response(request)
