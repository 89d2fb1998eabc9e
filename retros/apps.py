from django.apps import AppConfig


class RetrosConfig(AppConfig):
    name = "retros"
    verbose_name = "Retrospectives"

    def ready(self) -> None:
        from live import topics
        from retros.selectors import may_follow

        topics.register("retro", may_follow)
