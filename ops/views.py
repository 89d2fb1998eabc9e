from django.http import HttpRequest, JsonResponse

from ops.health import current_health


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database (and Redis, when configured) answer, 503 otherwise. Never cached."""
    health = current_health()
    response = JsonResponse(health.as_dict(), status=200 if health.ok else 503)
    response["Cache-Control"] = "no-store"
    return response
