"""The demo board's team and backlog, for the seed_demo command.

Everything is looked up by name before it is created, so running the seed again changes nothing. Items are written
as a Product Owner writes them, in To do; the sprints part of the demo (sprints/demo.py) then plays their history.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from boards import services
from boards.models import (
    BacklogItem,
    Board,
    Criterion,
    CriterionKind,
    Kind,
    Label,
    LabelColor,
    Membership,
    Role,
    Status,
    WipLimit,
)
from boards.services.labels import label_create

DEMO_BOARD = "demo"
DEMO_PASSWORD = "demo-pass-2026"
DEMO_PEOPLE = [
    ("paula", Role.PRODUCT_OWNER, "Paula", "Owner"),
    ("sam", Role.SCRUM_MASTER, "Sam", "Master"),
    ("dana", Role.DEVELOPER, "Dana", "Dev"),
    ("devon", Role.DEVELOPER, "Devon", "Dev"),
]
DEMO_WIP_LIMITS = {Status.IN_PROGRESS: 2, Status.TESTING: 3, Status.PO_REVIEW: 2}
# (title, kind, points, ready): a believable backlog, top first. Where each item stands today (its sprint, status and
# assignee) is the sprints part's plan.
DEMO_ITEMS: list[tuple[str, str, int | None, bool]] = [
    ("Log in with email and password", Kind.STORY, 3, True),
    ("Reset a forgotten password", Kind.STORY, 5, True),
    ("Show the backlog in priority order", Kind.STORY, 5, True),
    ("Drag items to reorder the backlog", Kind.STORY, 8, True),
    ("Filter the backlog by kind and assignee", Kind.STORY, 3, True),
    ("WIP limit badge on board columns", Kind.STORY, 2, True),
    ("Board column counts are off by one", Kind.BUG, 1, True),
    ("Move an item across board columns", Kind.STORY, 5, True),
    ("Upgrade to Django 6.1", Kind.CHORE, 3, True),
    ("Item detail page with acceptance criteria", Kind.STORY, 3, True),
    ("Token authentication for the API", Kind.STORY, 5, True),
    ("Bulk import of backlog items", Kind.STORY, 8, True),
    ("Sprint planning against velocity", Kind.STORY, 8, True),
    ("Burndown chart of the active sprint", Kind.STORY, 5, True),
    ("Velocity chart over the last sprints", Kind.STORY, 5, True),
    ("Planning poker room", Kind.STORY, 13, True),
    ("Daily stand-up with a 15-minute timebox", Kind.STORY, 8, True),
    ("Track blockers until resolved", Kind.STORY, 5, True),
    ("Retrospective with vote budget", Kind.STORY, 13, False),
    ("Export a retrospective as Markdown", Kind.STORY, 3, True),
    ("Timezone of the board used for 'today'", Kind.BUG, 2, True),
    ("Long titles overflow the board card", Kind.BUG, 1, True),
    ("Keyboard shortcuts for moving items", Kind.STORY, 3, False),
    ("Dark mode", Kind.STORY, 5, False),
    ("Slack notification on sprint start", Kind.STORY, 8, False),
    ("Invite members by email", Kind.STORY, 5, False),
    ("Audit log of role changes", Kind.STORY, 3, False),
    ("Archive finished boards", Kind.STORY, 2, False),
    ("Rate-limit the public API", Kind.CHORE, 3, True),
    ("Nightly database backup", Kind.CHORE, 2, True),
    ("Docker image under 200 MB", Kind.CHORE, 3, False),
    ("Epics grouping several stories", Kind.STORY, 40, False),
    ("Mobile layout for the board", Kind.STORY, 20, False),
    ("CSV export of the backlog", Kind.STORY, None, False),
    ("Attachments on items", Kind.STORY, None, False),
    ("Comments on items", Kind.STORY, None, False),
    ("Search across boards", Kind.STORY, None, False),
    ("Estimate dialog crashes on '?' card", Kind.BUG, None, False),
    ("Swimlanes per assignee", Kind.STORY, 100, False),
    ("Two-factor authentication", Kind.STORY, None, False),
]


# Sub-tasks of a few items, (text, done) in order: the backlog and the board show their "2/3".
DEMO_CHECKLISTS: dict[str, list[tuple[str, bool]]] = {
    "Drag items to reorder the backlog": [
        ("Sortable rows on the backlog", True),
        ("The server keeps the order", True),
        ("A keyboard alternative", False),
    ],
    "Planning poker room": [
        ("A deck of cards", True),
        ("Reveal all votes at once", False),
        ("Accept an estimate", False),
    ],
}


@dataclass
class Demo:
    """What every part of the demo builds on: the board, its people by username and their memberships, the demo's
    items by title, and the board's today."""

    board: Board
    people: dict[str, AbstractBaseUser]
    members: dict[str, Membership]
    items: dict[str, BacklogItem]
    today: datetime.date
    created: list[str] = field(default_factory=list)  # one line per part that created something, for the output

    def item(self, title: str) -> BacklogItem:
        return self.items[title]


def seed_board() -> Demo:
    """The demo team (with working logins), its board, WIP limits and backlog; whatever exists is kept as it is."""
    User = get_user_model()  # noqa: N806
    people: dict[str, AbstractBaseUser] = {}
    for username, _role, first, last in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        people[username] = user
    board = Board.objects.filter(slug=DEMO_BOARD).first()
    if board is None:
        board = services.board_create(
            user=people["sam"], name="Demo team", slug=DEMO_BOARD, description="A demo Scrum team's board."
        )
    members = {}
    for username, role, _first, _last in DEMO_PEOPLE:
        # The demo team is there from the start: added directly, not invited (no one would be there to accept).
        member = Membership.objects.filter(board=board, user=people[username]).first()
        if member is None:
            member = services.membership_add(board=board, user=people[username], role=role)
        member.board = board
        members[username] = member
    # The demo's three items in progress exceed their limit: the board shows what an overloaded column looks like.
    for status, limit in DEMO_WIP_LIMITS.items():
        WipLimit.objects.get_or_create(board=board, status=status, defaults={"limit": limit})
    existing = set(board.items.values_list("title", flat=True))
    entries = [
        {"title": title, "kind": kind, "points": points}
        for title, kind, points, _ready in DEMO_ITEMS
        if title not in existing
    ]
    created = services.items_bulk_create(board=board, actor=people["paula"], entries=entries) if entries else []
    titles = [title for title, *_ in DEMO_ITEMS]
    items = {item.title: item for item in BacklogItem.objects.filter(board=board, title__in=titles)}
    demo = Demo(board=board, people=people, members=members, items=items, today=board.today())
    ready = {title for title, *_rest, is_ready in DEMO_ITEMS if is_ready}
    for item in created:
        if item.title in ready:  # the refined ones meet the Definition of Ready
            demo_tick(demo, item, CriterionKind.READY)
        for text, done in DEMO_CHECKLISTS.get(item.title, []):
            entry = services.checklist_entry_add(acting=members["paula"], item_id=item.pk, text=text)
            if done:
                services.checklist_entry_update(acting=members["paula"], item_id=item.pk, entry_id=entry.pk, done=True)
    seed_labels(demo)
    return demo


# (name, colour, the titles of the demo's items that carry it)
DEMO_LABELS: list[tuple[str, str, list[str]]] = [
    (
        "Accounts",
        LabelColor.VIOLET,
        ["Log in with email and password", "Reset a forgotten password", "Invite members by email"],
    ),
    ("Backlog", LabelColor.TEAL, ["Show the backlog in priority order", "Drag items to reorder the backlog"]),
    ("Ceremonies", LabelColor.ORANGE, ["Planning poker room", "Daily stand-up with a 15-minute timebox"]),
    (
        "Security",
        LabelColor.RED,
        ["Reset a forgotten password", "Rate-limit the public API", "Two-factor authentication"],
    ),
]


def seed_labels(demo: Demo) -> None:
    """The demo's labels, each put on its items when it is created (a label that exists is kept as it is)."""
    existing = set(Label.objects.filter(board=demo.board).values_list("name", flat=True))
    for name, color, titles in DEMO_LABELS:
        if name in existing:
            continue
        label_create(acting=demo.members["paula"], name=name, color=color)
        for title in titles:
            item = demo.items[title]
            names = [*item.labels.values_list("name", flat=True), name]
            services.item_update(actor=demo.people["paula"], item=item, labels=names)


def demo_tick(demo: Demo, item: BacklogItem, kind: str) -> None:
    """Tick every criterion of one Definition for the item, as the demo's Product Owner."""
    for criterion_id in Criterion.objects.filter(board=demo.board, kind=kind).values_list("pk", flat=True):
        services.check_set(acting=demo.members["paula"], item_id=item.pk, criterion_id=criterion_id, met=True)
