import os

from django.core.wsgi import get_wsgi_application

from ops.tracing import setup_tracing

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrum_app.settings")

# Before the application loads its middleware: tracing adds one when an OTLP endpoint is set (ops.tracing).
setup_tracing()
application = get_wsgi_application()
