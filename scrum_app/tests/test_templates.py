"""Template source rules that no rendering test would see until a page shows them."""

from pathlib import Path

from django.conf import settings

TEMPLATES = sorted(Path(settings.BASE_DIR).glob("*/templates/**/*.html")) + sorted(
    Path(settings.BASE_DIR, "templates").glob("**/*.html")
)


def test_every_template_comment_closes_on_its_own_line():
    # Django's {# … #} is one line only: a comment that runs on is printed on the page, as base.html once did.
    open_comments = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert TEMPLATES
    assert open_comments == [], "use {% comment %} for a comment of several lines"
