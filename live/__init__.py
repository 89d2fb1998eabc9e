"""Live updates: services publish small events after commit; pages re-fetch the partials they name.

See docs/live.md. A board's own events go through boards.events.publish_board.
"""

from typing import Any


def publish(topic: str, event: str, **data: Any) -> None:
    """Send `event` to everyone following `topic` once the current transaction commits (see live.bus)."""
    # Imported here: the channel layer machinery must not load while the app registry is still filling.
    from live.bus import publish as _publish

    _publish(topic, event, **data)


__all__ = ["publish"]
