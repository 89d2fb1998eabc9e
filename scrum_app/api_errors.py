"""One error shape for the API: DRF's, extended to the domain's own errors, and documented in one way.

Every refusal's body is `{"detail": message}` or `{field: [message]}` naming each field at fault (a refused stale
write answers the object as it is now instead: scrum_app.api_versions). Each app says in one ErrorAnswers what its
refusals mean, and each operation lists the codes it may answer.
"""

import dataclasses
from typing import Any

from drf_spectacular.utils import OpenApiResponse
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


@dataclasses.dataclass(frozen=True)
class ErrorAnswers:
    """What an app's refusals mean, for extend_schema(responses=…): `answers(400, 403)` documents 404 (every
    operation under a board has it: outsiders see every board as missing) and the codes named. 401 and the answers
    DRF gives before any view are added to every operation by scrum_app.api_schema."""

    bad_input: str = "Bad input: `{field: [message]}` naming each field at fault."
    forbidden: str = "Your role may not do this; the message names the role needed."
    missing: str = "No such board for you (outsiders see every board as missing), or no such object."
    conflict: str = 'Clashes with the current state: `{"detail": message}`.'

    def __call__(self, *codes: int, **said: str) -> dict[int, OpenApiResponse]:
        """The 404 and `codes`; `said` overrides what this operation's refusals mean (`conflict="Slug taken."`)."""
        return self.only(404, *codes, **said)

    def only(self, *codes: int, **said: str) -> dict[int, OpenApiResponse]:
        """Exactly `codes` (an operation outside any board has no 404)."""
        meaning = dataclasses.replace(self, **said) if said else self
        text = {400: meaning.bad_input, 403: meaning.forbidden, 404: meaning.missing, 409: meaning.conflict}
        return {code: OpenApiResponse(description=text[code]) for code in codes}


ANSWERS = ErrorAnswers()
