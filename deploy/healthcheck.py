"""The image's HEALTHCHECK: exit 0 when /healthz answers 200. Python, not curl: the slim image has no curl."""

import os
import sys
import urllib.request

URL = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")

try:
    with urllib.request.urlopen(URL, timeout=4) as response:  # noqa: S310 (a fixed local http URL)
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:  # 503 raises HTTPError; a refused connection URLError: both mean unhealthy
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
