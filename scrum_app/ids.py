"""Row ids as the database stores them (64-bit): a bigger number is no row's id, and sent in a query it overflows the
driver (a 500) instead of matching nothing."""

MAX_ID = 2**63 - 1


def is_id(value: object) -> bool:
    """A whole number (not a bool) that a row's id can be."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID
