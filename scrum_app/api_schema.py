"""Answers every API operation can give, documented once for all of them (a drf-spectacular postprocessing hook).

Each view documents the answers of its own rules (400 naming a field, 403, 404, 409); what DRF answers before any view
code runs is added here, so that the schema lists every status the server can send (a test sends it thousands of
generated requests and fails on any status an operation does not document: scrum_app/tests/test_api_fuzz.py).
"""

from typing import Any

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
