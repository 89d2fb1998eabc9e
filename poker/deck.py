"""The planning-poker deck and what a revealed round says: statistics and the suggestion rule."""

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boards.models import POINT_VALUES

COFFEE = "coffee"
INFINITY = "infinity"
QUESTION = "?"
NUMERIC_CARDS: tuple[str, ...] = tuple(str(value) for value in POINT_VALUES)
CARDS: tuple[str, ...] = (*NUMERIC_CARDS, COFFEE, INFINITY, QUESTION)
CARD_LABELS: dict[str, str] = {**{card: card for card in NUMERIC_CARDS}, COFFEE: "☕", INFINITY: "∞", QUESTION: "?"}
# Cards that say the item cannot be estimated as it stands.
NEEDS_DETAIL_CARDS = frozenset({INFINITY, QUESTION})
# What the symbol cards mean, for the card's tooltip.
CARD_HINTS = {
    COFFEE: gettext_lazy("Coffee break: I pass"),
    INFINITY: gettext_lazy("Too big to estimate"),
    QUESTION: gettext_lazy("I cannot estimate it yet"),
}


@dataclass(frozen=True)
class Card:
    voter: str
    card: str


@dataclass
class Outcome:
    """What everyone sees after the reveal."""

    distribution: list[tuple[str, int]] = field(default_factory=list)  # (card, count) in deck order, voted cards only
    minimum: int | None = None
    maximum: int | None = None
    median: float | None = None
    average: float | None = None
    suggestion: int | None = None
    explain: str = ""  # "Ann (2) and Bob (13) explain" when the votes are too far apart
    needs_detail: bool = False


def label(card: str) -> str:
    return CARD_LABELS.get(card, card)


def outcome(cards: Sequence[Card]) -> Outcome:
    """Statistics over numeric cards (☕ abstains; ∞ and ? mark the item "needs detail") and the suggestion.

    Suggest only when the numbers are the majority of the cards that say something (☕ says nothing; ∞ and ? say the
    item cannot be estimated) and every numeric vote lies within two neighbouring deck values: then the most voted
    value, the higher one on a tie. A lone 13 among "?" and "∞" suggests nothing. When the numbers are too far apart,
    the lowest and the highest voter explain, and the facilitator may call a re-vote.
    """
    counts = Counter(c.card for c in cards)
    result = Outcome(
        distribution=[(card, counts[card]) for card in CARDS if counts[card]],
        needs_detail=any(c.card in NEEDS_DETAIL_CARDS for c in cards),
    )
    numeric = [c for c in cards if c.card in NUMERIC_CARDS]
    if not numeric:
        return result
    values = [int(c.card) for c in numeric]
    result.minimum, result.maximum = min(values), max(values)
    result.median = float(statistics.median(values))
    result.average = round(statistics.fmean(values), 1)
    low, high = POINT_VALUES.index(result.minimum), POINT_VALUES.index(result.maximum)
    speaking = sum(1 for c in cards if c.card != COFFEE)
    if high - low <= 1 and 2 * len(numeric) > speaking:
        by_value = Counter(values)
        result.suggestion = max(by_value, key=lambda value: (by_value[value], value))
    else:
        lowest = min((c for c in numeric if int(c.card) == result.minimum), key=lambda c: c.voter.lower())
        highest = min((c for c in numeric if int(c.card) == result.maximum), key=lambda c: c.voter.lower())
        result.explain = _("%(low)s (%(low_card)s) and %(high)s (%(high_card)s) explain") % {
            "low": lowest.voter,
            "low_card": lowest.card,
            "high": highest.voter,
            "high_card": highest.card,
        }
    return result
