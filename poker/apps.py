from django.apps import AppConfig


class PokerConfig(AppConfig):
    name = "poker"
    verbose_name = "Planning poker"

    def ready(self) -> None:
        from live import topics
        from poker import presence

        topics.register(
            "poker", presence.may_follow, on_join=presence.joined, on_leave=presence.left, on_beat=presence.beat
        )
