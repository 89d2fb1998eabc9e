"""Answers every API operation can give, documented once for all of them (a drf-spectacular postprocessing hook).

Each view documents the answers of its own rules (400 naming a field, 403, 404, 409); what DRF answers before any view
code runs is added here, so that the schema lists every status the server can send (a test sends it thousands of
generated requests and fails on any status an operation does not document: scrum_app/tests/test_api_fuzz.py).
"""

from typing import Any

from scrum_app.error_views import body_limit_text
from scrum_app.parsers import MAX_DEPTH

METHODS = ("get", "post", "put", "patch", "delete")
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
COMMON = {
    "400": "A body with keys: this operation reads none (`{key: [message]}` naming each; scrum_app.api_input).",
    "401": "No credentials, or a token that is not valid: send `Authorization: Token …` or log in.",
    "415": "A body of a content type the operation does not read (see its request body's types).",
}


def _answer(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": DETAIL}}}


def document_common_answers(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """401 on every operation that needs credentials, 415 on every operation that reads a body, 400 on every write
    that reads none (a body with keys is refused: scrum_app.api_input.ReadsNoBody)."""
    for operations in result.get("paths", {}).values():
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            answers = operation.setdefault("responses", {})
            if any(requirement for requirement in operation.get("security", [{}])):
                answers.setdefault("401", _answer(COMMON["401"]))
            if "requestBody" in operation:
                answers.setdefault("415", _answer(COMMON["415"]))
            elif method != "get":
                answers.setdefault("400", {"description": COMMON["400"]})
    return result


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
            # Any operation, whatever parameters it reads (scrum_app.middleware.UnstorableTextMiddleware).
            _add(
                responses,
                "400",
                "A query parameter whose name or value holds a NUL character or a lone surrogate is refused: "
                "`{name: [message]}`, or `{detail: message}` for a name.",
            )
    return result
