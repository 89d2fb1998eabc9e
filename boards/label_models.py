"""Labels: a board's own tags, each with a colour from a small palette, several on an item.

Kept out of boards.models (which imports this module) to hold that module to its size; the models are the boards
app's all the same. A label's name is unique on its board whatever its case (a constraint, so two members adding
"UX" and "ux" at once cannot both succeed). `ItemLabel` carries the item's board so the database can raise the
board's items version on every change of an item's labels (boards/migrations/0012_labels.py).
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LabelColor(models.TextChoices):
    """The palette: strict CSP allows no inline style, so each colour is a class of the stylesheet (`label-<hex>`)."""

    RED = "#c62f2f", pgettext_lazy("colour", "Red")
    ORANGE = "#e8833a", pgettext_lazy("colour", "Orange")
    YELLOW = "#f2c94c", pgettext_lazy("colour", "Yellow")
    GREEN = "#2f9e58", pgettext_lazy("colour", "Green")
    TEAL = "#1d9aa6", pgettext_lazy("colour", "Teal")
    BLUE = "#2f6fdb", pgettext_lazy("colour", "Blue")
    VIOLET = "#7d4fd6", pgettext_lazy("colour", "Violet")
    PINK = "#e05aa8", pgettext_lazy("colour", "Pink")
    GREY = "#8a94a6", pgettext_lazy("colour", "Grey")
    BROWN = "#8b5e34", pgettext_lazy("colour", "Brown")


def _luminance(hex_color: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


# The chips' two text colours (app.css: `.label.on-dark`, `.label.on-light`).
DARK_TEXT, LIGHT_TEXT = "#111111", "#ffffff"


def text_on(hex_color: str) -> str:
    """The text colour, "dark" or "light", with the higher WCAG contrast on this background (every colour of the
    palette reaches 4.5:1 with it, a test holds). The chip draws its own background, so it reads the same on the
    light and the dark theme."""
    lum = _luminance(hex_color)
    on_dark = (lum + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    on_light = (_luminance(LIGHT_TEXT) + 0.05) / (lum + 0.05)
    return "dark" if on_dark >= on_light else "light"


def contrast(hex_color: str) -> float:
    """The WCAG contrast ratio of the chip's text on this colour."""
    text = DARK_TEXT if text_on(hex_color) == "dark" else LIGHT_TEXT
    high, low = sorted((_luminance(hex_color), _luminance(text)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class Label(models.Model):
    NAME_LIMIT = 50

    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="labels", verbose_name=_("board"))
    name = models.CharField(max_length=NAME_LIMIT, verbose_name=_("name"))
    color = models.CharField(
        max_length=7, choices=LabelColor.choices, default=LabelColor.BLUE, verbose_name=_("colour")
    )

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["board", Lower("name"), "pk"]
        constraints = [
            models.UniqueConstraint("board", Lower("name"), name="label_name_unique_per_board"),
            models.CheckConstraint(condition=Q(color__in=LabelColor.values), name="label_color_on_the_palette"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def css_class(self) -> str:
        """The chip's classes: its colour and the text colour that reads on it."""
        return f"label label-{self.color.removeprefix('#')} on-{text_on(self.color)}"


class ItemLabel(models.Model):
    """A label put on an item (both of the same board, which the services check)."""

    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="+", verbose_name=_("board"))
    item = models.ForeignKey(
        "boards.BacklogItem", on_delete=models.CASCADE, related_name="item_labels", verbose_name=_("item")
    )
    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="item_labels", verbose_name=_("label"))

    class Meta:
        verbose_name = _("item label")
        verbose_name_plural = _("item labels")
        constraints = [models.UniqueConstraint(fields=["item", "label"], name="item_label_once_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id} 🏷 {self.label_id}"
