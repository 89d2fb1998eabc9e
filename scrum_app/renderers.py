"""DRF's browsable API under the site's Content Security Policy."""

from typing import Any

from django.conf import settings
from django.utils.csp import CSP
from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's own page, whose template floats its buttons with `style` attributes: those attributes (never scripts,
    never style elements) are allowed on it, so the page lays out as DRF draws it without a CSP violation. The
    `<style>` element of Pygments' colours for highlighted descriptions is left out: the page works without it."""

    def get_context(self, data: Any, accepted_media_type: str | None, renderer_context: dict) -> dict:
        return {**super().get_context(data, accepted_media_type, renderer_context), "code_style": None}

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None) -> Any:
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_config = {**settings.SECURE_CSP, "style-src-attr": [CSP.UNSAFE_INLINE]}
        return super().render(data, accepted_media_type, renderer_context)
