"""Text no layer below can take, refused at the door."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict

from scrum_app.error_views import is_api, refuse
from scrum_app.parsers import form_fault, text_fault

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _refusal(request: HttpRequest, where: str, values: QueryDict) -> HttpResponse | None:
    fault = form_fault(values)
    if fault is None:
        return None
    name, message = fault
    if name is None:
        return refuse(request, f"A {where}'s name: {message}", status=400)
    if is_api(request):
        return JsonResponse({name: [message]}, status=400)
    return refuse(request, f"{name}: {message}", status=400)


class UnstorableTextMiddleware:
    """A NUL character or a lone surrogate in the path answers 404, in a query or form field 400 naming it.

    PostgreSQL refuses NUL in text and UTF-8 cannot encode a lone surrogate, so either, reaching a query, failed as a
    500 (a member's username in a URL, a filter value, a field a view reads by hand). Checked here once for every
    view; JSON bodies are checked by the API's parser (scrum_app.parsers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if text_fault(request.path_info):
            raise Http404("No such address.")
        refusal = _refusal(request, "query parameter", request.GET)
        if refusal is None and request.method == "POST" and request.content_type in FORM_TYPES:
            refusal = _refusal(request, "form field", request.POST)
        return refusal or self.get_response(request)
