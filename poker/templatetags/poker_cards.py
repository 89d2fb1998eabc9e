"""How a card is shown on a page: ☕ and ∞ rather than the API's "coffee" and "infinity"."""

from django import template

from poker.deck import label

register = template.Library()


@register.filter
def card_label(card: str) -> str:
    return label(card)
