"""Row ids as the database stores them (64-bit): a bigger number is no row's id, and sent in a query it overflows the
driver (a 500) instead of matching nothing."""

from django.db.models import Model, QuerySet
from django.http import Http404

MAX_ID = 2**63 - 1


def is_id(value: object) -> bool:
    """A whole number (not a bool) that a row's id can be."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def row_or_404[M: Model](rows: QuerySet[M], value: int | str, *, missing: str, field: str = "pk") -> M:
    """The row of `rows` whose `field` is `value` (a number as a URL or a form writes it), or a 404 saying `missing`.

    `rows` is already narrowed to what the reader may see (the board's, say): a row of another board is as missing as
    an unknown one, and so is a value that is no number."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404(missing) from None
    row = rows.filter(**{field: number}).first()
    if row is None:
        raise Http404(missing)
    return row
