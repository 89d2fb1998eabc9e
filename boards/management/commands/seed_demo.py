"""Create the demo board: a Product Owner, a Scrum Master, two developers, about 40 items, three closed sprints,
the active sprint a few working days in, the next one planned, the last two days' stand-ups and the closed retros
of the last two closed sprints.

Running it again changes nothing: users, the board and its items are looked up by name, and each later part does
nothing when the board already has what it makes (sprints, stand-ups, retros).
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from boards.demo import DEMO_PASSWORD, DEMO_PEOPLE, seed_board

# Each part takes the boards.demo.Demo (board, people, members, items by title, the board's today), creates its
# share through the app's services and skips itself when the board already has it. They run in this order, in one
# transaction. A new app adds its part here. The retros part needs the sprints: it holds the retros of the last two
# closed sprints (the active sprint's retro is the Scrum Master's to open, and its review lists their open actions).
DEMO_PARTS = [
    "sprints.demo.seed_sprints",
    "standups.demo.seed_standups",
    "retros.demo.seed_retros",
    "reviews.demo.seed_reviews",
    "discussion.demo.seed_discussion",
]


class Command(BaseCommand):
    help = "Create the demo board: members, backlog, sprints, stand-ups and retros (idempotent); prints the logins."

    def handle(self, *args: Any, **options: Any) -> None:
        # The logins are printed after the commit: with `make run`'s immediate tasks and console e-mail, the demo's
        # notifications print their e-mails as it commits, and the logins must be the last thing on the screen.
        with transaction.atomic():
            demo = seed_board()
            for part in DEMO_PARTS:
                import_string(part)(demo)
        board = demo.board
        self.stdout.write(f"Demo board '{board.name}' at /b/{board.slug}/ with {board.items.count()} items.")
        for line in demo.created:
            self.stdout.write(f"  {line}")
        self.stdout.write("Demo logins (password for all: " + DEMO_PASSWORD + "):")
        for username, role, _first, _last in DEMO_PEOPLE:
            self.stdout.write(f"  {username:<6} {role.label}")
