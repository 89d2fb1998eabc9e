"""The demo board's discussion, for the seed_demo command: a short exchange on the top item of the backlog, with a
mention, a list, code and a link, written through the discussion services as in real use."""

from boards.demo import Demo
from boards.models import BacklogItem
from discussion import services
from discussion.models import Comment

EXCHANGE = [
    ("paula", "Before we plan this: @dana, can the export keep the **backlog order**? Finance sorts by rank."),
    (
        "dana",
        "Yes. The plan:\n\n1. read the items in `rank` order\n2. one row per item\n3. dates in ISO 8601\n\n"
        "Format as in [RFC 4180](https://www.rfc-editor.org/rfc/rfc4180).",
    ),
    ("sam", "> one row per item\n\nSub-tasks too? Let's settle it in refinement, @paula."),
]


def seed_discussion(demo: Demo) -> None:
    """Nothing when the board has comments already."""
    board = demo.board
    if Comment.objects.filter(board=board).exists():
        return
    item = BacklogItem.objects.filter(board=board).order_by("rank").first()
    if item is None:
        return
    for username, text in EXCHANGE:
        member = demo.members[username]
        member.board = board
        services.comment_create(acting=member, item=item, text=text)
    demo.created.append(f"A discussion of {len(EXCHANGE)} comments on #{item.pk} {item.title}.")
