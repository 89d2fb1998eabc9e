"""Live updates: services publish small events after commit; pages re-fetch the partials they name.

See docs/live.md.
"""

from typing import Any


def publish(topic: str, event: str, **data: Any) -> None:
    """Send `event` to everyone following `topic` once the current transaction commits (see live.bus)."""
    # Imported here: the channel layer machinery must not load while the app registry is still filling.
    from live.bus import publish as _publish

    _publish(topic, event, **data)


def publish_board(board: Any, event: str, **data: Any) -> None:
    """Send `event` to everyone on a board's pages (a Board or its id) once the transaction commits."""
    from live.bus import publish_board as _publish_board

    _publish_board(board, event, **data)


__all__ = ["publish", "publish_board"]
