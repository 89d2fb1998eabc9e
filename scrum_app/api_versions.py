"""The API's side of optimistic locking (scrum_app.versions), shared by every app's API views.

A GET of one versioned object answers with `ETag: "<version>"`. A write may name the version it edited in an
`If-Match` header (a stale one is a 412) or as `"version"` in its body (a stale one is a 409); either way the
refusal's body is the object as it is now, the same shape as its GET, with its ETag. A write naming neither goes
through (scripts).
"""

import re
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from scrum_app.versions import StaleVersion

# Versions start at 1, so a tag we cannot read stands for a version that never matches: the precondition fails.
NO_VERSION = 0
_TAG = re.compile(r'\s*(?:W/)?"(\d{1,9})"\s*')

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description=(
        'The ETag of the version you edited, e.g. `"3"`. When it is no longer the current one the answer is a 412 '
        "with the current representation, and nothing is written."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description='The version of the representation, e.g. `"3"`: send it back as `If-Match` to edit this version.',
)


class StaleAnswer(Exception):
    """A refused stale write, answered (by scrum_app.api_errors) with the current representation."""

    def __init__(self, status: int, current: Mapping[str, Any]) -> None:
        super().__init__(status)
        self.status = status
        self.current = current


def version_in() -> serializers.IntegerField:
    """The optional `version` of an input serializer: declare it explicitly, as `version = version_in()`."""
    return serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=999_999_999,
        help_text="The version you edited (from its GET). A stale one is refused with 409 and the current state.",
    )


def version_out() -> serializers.IntegerField:
    return serializers.IntegerField(
        read_only=True, help_text="Raised by every edit; send it back (or the ETag as If-Match) to edit safely."
    )


def etag(version: int) -> str:
    return f'"{version}"'


def versioned(data: Mapping[str, Any], *, status: int = 200) -> Response:
    """A response for one versioned object's representation, with its ETag."""
    return Response(data, status=status, headers={"ETag": etag(data["version"])})


def if_match_version(request: Request) -> int | None:
    """The version named by `If-Match`, None without the header (or with `*`), NO_VERSION for a tag not ours."""
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    found = _TAG.fullmatch(raw)
    return int(found.group(1)) if found else NO_VERSION


def versioned_write[T](
    request: Request, *, version: int | None, write: Callable[[int | None], T], current: Callable[[], Mapping[str, Any]]
) -> T:
    """Run `write(version)` with the version the caller edited (If-Match, else the body's `version`, else None).

    A stale version becomes a 412 (If-Match) or a 409 (body) whose body is `current()`, read after the refused
    write's transaction has rolled back.
    """
    header = if_match_version(request)
    if header is not None and version is not None and header != version:
        raise ValidationError({"version": [_("It differs from the If-Match header; send one of them.")]})
    try:
        return write(header if header is not None else version)
    except StaleVersion:
        raise StaleAnswer(412 if header is not None else 409, current()) from None


def stale_answers(shape: object, what: str) -> dict[int, OpenApiResponse]:
    """The 409 and 412 of a versioned write, for extend_schema(responses=…)."""
    return {
        409: OpenApiResponse(
            shape, description=f"The body's `version` is stale: nothing was written; this is the {what} as it is now."
        ),
        412: OpenApiResponse(
            shape, description=f"`If-Match` is stale: nothing was written; this is the {what} as it is now."
        ),
    }


def stale_or_conflict(shape: type, what: str, conflict: str) -> dict[int, OpenApiResponse]:
    """The 409 and 412 of a versioned write whose 409 may also be a clash with the state (`conflict` says which):
    its body is then the usual error object, `{"detail": message}` or `{field: [message]}`."""
    error = {
        "type": "object",
        "description": "The error: {detail: message} or {field: [message]}.",
        "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    }
    return {
        409: OpenApiResponse(
            {"anyOf": [{"$ref": f"#/components/schemas/{shape.__name__}"}, error]},
            description=f"The body's `version` is stale: nothing was written; this is the {what} as it is now. "
            f"Or: {conflict}",
        ),
        412: stale_answers(shape, what)[412],
    }
