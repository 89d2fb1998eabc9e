"""Interactive API docs under our strict CSP.

drf-spectacular's split Swagger view serves its start-up script as a separate file (`?script`), so no inline script
is needed; our template also drops the stock template's inline <style>. Swagger UI's own files come from the
drf-spectacular-sidecar package through our static files, so the page works offline.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
