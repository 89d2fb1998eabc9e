"""ASGI entry point: HTTP to Django, WebSockets under /ws/ to the live consumer.

In production plain HTTP may go to WSGI workers instead; this app serves both, which `make run` uses.
"""

import os

from django.core.asgi import get_asgi_application

from ops.tracing import setup_tracing

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrum_app.settings")

# Before the application loads its middleware: tracing adds one when an OTLP endpoint is set (ops.tracing).
setup_tracing()
# Django must be set up before anything imports models (the consumer does).
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from live.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
