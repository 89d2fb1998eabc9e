"""One error shape for the API: DRF's, extended to the domain's own errors."""

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from scrum_app.api_versions import StaleAnswer, versioned
from scrum_app.errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleAnswer):
        return versioned(exc.current, status=exc.status)
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status_code)
    return drf_exception_handler(exc, context)
