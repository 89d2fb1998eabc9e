from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = "Boards and backlog"

    def ready(self) -> None:
        from boards.events import may_follow_board
        from live import topics

        topics.register("board", may_follow_board)
