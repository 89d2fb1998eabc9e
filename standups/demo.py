"""The demo board's stand-ups, for the seed_demo command: the previous working day's stand-up filled by everyone
(with a blocker the Product Owner resolved), and today's partly filled, with an open blocker on an item.

When today is no working day of the active sprint, its last working day plays "today" (written at its morning).
Entries go through standup_entry_save, which records an entry of a past day at the moment given as `at`.
"""

import datetime

from boards.demo import Demo
from sprints.demo import ACTIVE, moment
from sprints.selectors import active_sprint
from standups import services
from standups.models import Blocker, Standup
from standups.selectors import working_days

# (member, done, next, blockers); "#{title}" in a text becomes that item's "#<id>".
EARLIER: list[tuple[str, str, str, str]] = [
    (
        "dana",
        "Moved the WIP limit badge to Done and fixed the column counts (#{Board column counts are off by one}).",
        "Finish the filter by kind and assignee.",
        "Need Paula to confirm the filter labels for #{Filter the backlog by kind and assignee}.",
    ),
    ("devon", "Velocity chart: the bars are drawn.", "Send the item detail page to PO review.", ""),
    ("paula", "Reviewed the WIP limit badge.", "Write the stand-up stories for the next sprint.", ""),
    ("sam", "Booked the room for the sprint review.", "Ask ops about a staging database for the upgrade.", ""),
]
TODAY: list[tuple[str, str, str, str]] = [
    ("dana", "The filter by kind and assignee is Done.", "Burndown chart: draw the ideal line.", ""),
    (
        "devon",
        "The item detail page is in PO review.",
        "Velocity chart: finish testing.",
        "The Django 6.1 upgrade (#{Upgrade to Django 6.1}) waits for a staging database.",
    ),
]


def _text(demo: Demo, template: str) -> str:
    for title, item in demo.items.items():
        template = template.replace("#{" + title + "}", f"#{item.pk}")
    return template


def _write(demo: Demo, day: datetime.date, entries: list[tuple[str, str, str, str]], *, today: bool) -> None:
    for minute, (username, done, next_, blockers) in enumerate(entries, start=2):
        services.standup_entry_save(
            acting=demo.members[username],
            day=day,
            done=_text(demo, done),
            next=_text(demo, next_),
            blockers=_text(demo, blockers),
            at=None if today else moment(demo.board, day, 9, minute),
        )


def seed_standups(demo: Demo) -> None:
    """Two days of stand-ups in the demo's active sprint; nothing when the board has stand-ups already, or when its
    active sprint (if any) is someone's own, whose items the demo's entries would not fit."""
    board = demo.board
    sprint = active_sprint(board=board)
    if sprint is None or sprint.name != ACTIVE.name or Standup.objects.filter(board=board).exists():
        return
    days = working_days(board, sprint, until=demo.today)
    if not days:
        return
    if len(days) > 1:
        earlier = days[-2]
        _write(demo, earlier, EARLIER, today=False)
        # Resolved by the Product Owner that morning, so the history shows a blocker dealt with. The service stamps
        # "now"; the row it just wrote moves to that morning, as the sprints part of the demo does with its rows.
        blocker = Blocker.objects.filter(board=board, raised_by=demo.people["dana"]).first()
        if blocker is not None:
            services.blocker_resolve(acting=demo.members["paula"], blocker=blocker)
            Blocker.objects.filter(pk=blocker.pk).update(resolved_at=moment(board, earlier, 11))
    _write(demo, days[-1], TODAY, today=days[-1] == demo.today)
    demo.created.append(f"Stand-ups on {', '.join(day.isoformat() for day in days[-2:])}, with an open blocker.")
