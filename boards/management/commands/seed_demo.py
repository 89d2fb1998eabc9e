"""Create the demo board: a Product Owner, a Scrum Master, two developers and about 40 items.

Running it again changes nothing: users, the board and its items are looked up by name before anything is created.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from boards import services
from boards.models import Board, Kind, Membership, Role, Status, WipLimit

DEMO_BOARD = "demo"
DEMO_PASSWORD = "demo-pass-2026"
DEMO_PEOPLE = [
    ("paula", Role.PRODUCT_OWNER, "Paula", "Owner"),
    ("sam", Role.SCRUM_MASTER, "Sam", "Master"),
    ("dana", Role.DEVELOPER, "Dana", "Dev"),
    ("devon", Role.DEVELOPER, "Devon", "Dev"),
]
DEMO_WIP_LIMITS = {Status.IN_PROGRESS: 2, Status.TESTING: 3, Status.PO_REVIEW: 2}
# (title, kind, points, status, ready): a believable backlog, top first.
DEMO_ITEMS: list[tuple[str, str, int | None, str, bool]] = [
    ("Log in with email and password", Kind.STORY, 3, Status.DONE, True),
    ("Reset a forgotten password", Kind.STORY, 5, Status.DONE, True),
    ("Show the backlog in priority order", Kind.STORY, 5, Status.DONE, True),
    ("Drag items to reorder the backlog", Kind.STORY, 8, Status.PO_REVIEW, True),
    ("Filter the backlog by kind and assignee", Kind.STORY, 3, Status.PO_REVIEW, True),
    ("WIP limit badge on board columns", Kind.STORY, 2, Status.TESTING, True),
    ("Board column counts are off by one", Kind.BUG, 1, Status.TESTING, True),
    ("Move an item across board columns", Kind.STORY, 5, Status.IN_PROGRESS, True),
    ("Upgrade to Django 6.1", Kind.CHORE, 3, Status.IN_PROGRESS, True),
    ("Item detail page with acceptance criteria", Kind.STORY, 3, Status.IN_PROGRESS, True),
    ("Token authentication for the API", Kind.STORY, 5, Status.TODO, True),
    ("Bulk import of backlog items", Kind.STORY, 8, Status.TODO, True),
    ("Sprint planning against velocity", Kind.STORY, 13, Status.TODO, True),
    ("Burndown chart of the active sprint", Kind.STORY, 8, Status.TODO, True),
    ("Velocity chart over the last sprints", Kind.STORY, 5, Status.TODO, True),
    ("Planning poker room", Kind.STORY, 20, Status.TODO, False),
    ("Daily stand-up with a 15-minute timebox", Kind.STORY, 8, Status.TODO, False),
    ("Track blockers until resolved", Kind.STORY, 5, Status.TODO, True),
    ("Retrospective with vote budget", Kind.STORY, 13, Status.TODO, False),
    ("Export a retrospective as Markdown", Kind.STORY, 3, Status.TODO, True),
    ("Timezone of the board used for 'today'", Kind.BUG, 2, Status.TODO, True),
    ("Long titles overflow the board card", Kind.BUG, 1, Status.TODO, True),
    ("Keyboard shortcuts for moving items", Kind.STORY, 3, Status.TODO, False),
    ("Dark mode", Kind.STORY, 5, Status.TODO, False),
    ("Slack notification on sprint start", Kind.STORY, 8, Status.TODO, False),
    ("Invite members by email", Kind.STORY, 5, Status.TODO, False),
    ("Audit log of role changes", Kind.STORY, 3, Status.TODO, False),
    ("Archive finished boards", Kind.STORY, 2, Status.TODO, False),
    ("Rate-limit the public API", Kind.CHORE, 3, Status.TODO, True),
    ("Nightly database backup", Kind.CHORE, 2, Status.TODO, True),
    ("Docker image under 200 MB", Kind.CHORE, 3, Status.TODO, False),
    ("Epics grouping several stories", Kind.STORY, 40, Status.TODO, False),
    ("Mobile layout for the board", Kind.STORY, 20, Status.TODO, False),
    ("CSV export of the backlog", Kind.STORY, None, Status.TODO, False),
    ("Attachments on items", Kind.STORY, None, Status.TODO, False),
    ("Comments on items", Kind.STORY, None, Status.TODO, False),
    ("Search across boards", Kind.STORY, None, Status.TODO, False),
    ("Estimate dialog crashes on '?' card", Kind.BUG, None, Status.TODO, False),
    ("Swimlanes per assignee", Kind.STORY, 100, Status.TODO, False),
    ("Two-factor authentication", Kind.STORY, None, Status.TODO, False),
]


class Command(BaseCommand):
    help = "Create the demo board with its members and backlog (idempotent); prints the demo logins."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()  # noqa: N806
        users = {}
        for username, _role, first, last in DEMO_PEOPLE:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            users[username] = user
        board = Board.objects.filter(slug=DEMO_BOARD).first()
        if board is None:
            board = services.board_create(
                user=users["sam"], name="Demo team", slug=DEMO_BOARD, description="A demo Scrum team's board."
            )
        for username, role, _first, _last in DEMO_PEOPLE:
            Membership.objects.get_or_create(board=board, user=users[username], defaults={"role": role})
        # The demo's three items in progress exceed their limit: the board shows what an overloaded column looks like.
        for status, limit in DEMO_WIP_LIMITS.items():
            WipLimit.objects.get_or_create(board=board, status=status, defaults={"limit": limit})
        existing = set(board.items.values_list("title", flat=True))
        developers = [users["dana"], users["devon"]]
        entries = [
            {
                "title": title,
                "kind": kind,
                "points": points,
                "status": status,
                "ready": ready,
                "assignee": developers[index % 2] if status != Status.TODO else None,
            }
            for index, (title, kind, points, status, ready) in enumerate(DEMO_ITEMS)
            if title not in existing
        ]
        if entries:
            services.items_bulk_create(board=board, actor=users["paula"], entries=entries)
        self.stdout.write(f"Demo board '{board.name}' at /b/{board.slug}/ with {board.items.count()} items.")
        self.stdout.write("Demo logins (password for all: " + DEMO_PASSWORD + "):")
        for username, role, _first, _last in DEMO_PEOPLE:
            self.stdout.write(f"  {username:<6} {role.label}")
