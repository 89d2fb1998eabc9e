"""The colour theme a person picked: light, dark, or (no cookie) whatever their system prefers."""

from django.http import HttpRequest

COOKIE = "theme"
THEMES = ("light", "dark")
# What the theme button switches to next, from what is shown now: system → dark → light → system.
NEXT = {"": "dark", "dark": "light", "light": ""}


def chosen_theme(request: HttpRequest) -> str:
    theme = request.COOKIES.get(COOKIE, "")
    return theme if theme in THEMES else ""


def theme(request: HttpRequest) -> dict[str, str]:
    """Template context: `theme` for <html data-theme>, and `next_theme` for the switch."""
    current = chosen_theme(request)
    return {"theme": current, "next_theme": NEXT[current]}
