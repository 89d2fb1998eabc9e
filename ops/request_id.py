"""The request id: taken from nginx's X-Request-ID (or made here), kept for the log lines of that request."""

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# Accept only ids that cannot forge a log line or a header: nginx's $request_id is 32 hex digits.
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)


def request_id_from(meta: dict[str, str]) -> str:
    incoming = meta.get(META_KEY, "")
    if _VALID.match(incoming):
        return incoming
    return uuid.uuid4().hex
