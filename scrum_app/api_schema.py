"""What the OpenAPI schema says about errors no view raises itself: the server answers them for every operation."""

from typing import Any

from scrum_app.error_views import body_limit_text
from scrum_app.parsers import MAX_DEPTH

# gunicorn's limit_request_line (its default): a longer request line is answered 414 before Django sees it.
REQUEST_LINE_LIMIT = 4094


def _add(responses: dict[str, Any], code: str, description: str) -> None:
    """Document `code`, or add `description` to what the operation already says about it."""
    if code in responses:
        responses[code]["description"] = f"{responses[code]['description'].rstrip()} {description}"
    else:
        responses[code] = {"description": description}


def document_common_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation:
                _add(
                    responses,
                    "400",
                    f"A body that is not JSON, nests deeper than {MAX_DEPTH} levels, or holds a NUL character or a "
                    "lone surrogate is refused with `{field: [message]}` or `{detail: message}`.",
                )
                _add(responses, "413", f"The body is over the {body_limit_text()} the server accepts: `{{detail}}`.")
            if any(parameter["name"] == "page" for parameter in operation.get("parameters", [])):
                _add(responses, "404", '`?page=` past the last page or not a number: `{"detail": "Invalid page."}`.')
            _add(responses, "414", f"The request line (path and query) is over {REQUEST_LINE_LIMIT} bytes.")
    return result
