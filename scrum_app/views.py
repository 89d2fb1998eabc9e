"""Project-level views that belong to no app."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """The trivial view: no database, no session, no template. The benchmark's yardstick and a liveness probe."""
    return HttpResponse("pong", content_type="text/plain")
