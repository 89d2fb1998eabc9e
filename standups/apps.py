from django.apps import AppConfig


class StandupsConfig(AppConfig):
    name = "standups"
    verbose_name = "Daily stand-ups"

    def ready(self) -> None:
        from live import topics
        from standups import selectors

        topics.register("standup", selectors.may_follow)
