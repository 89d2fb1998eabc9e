"""Checklist entries added and reordered at the same time, on PostgreSQL: real threads, real row locks. Every write
takes the board's lock first (boards.locks), and one entry per item and position is a constraint. Each race runs ten
times."""

import pytest

from boards.models import ChecklistEntry
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, ChecklistEntryFactory, MembershipFactory
from boards.tests.test_members_concurrency import api_statuses, each_run
from conftest import postgres_only

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def scene(board, n=4):
    members = [MembershipFactory(board=board) for _ in range(n)]
    item = BacklogItemFactory(board=board)
    entries = [ChecklistEntryFactory(item=item, text=f"Step {i}") for i in range(n)]
    return members, item, entries


def url(board, item, entry=None):
    return f"/api/v1/boards/{board.slug}/items/{item.pk}/checklist/" + (f"{entry.pk}/" if entry else "")


def positions(item):
    return list(ChecklistEntry.objects.filter(item=item).order_by("position").values_list("position", "text"))


def test_members_reordering_at_once_leave_every_entry_in_one_place():
    def race(board):
        members, item, entries = scene(board)
        # Each moves a different entry to a different place: whatever order they run in, positions stay 0…3.
        moves = [(entries[0], 3), (entries[3], 0), (entries[1], 2), (entries[2], 1)]
        calls = [
            lambda member=member, entry=entry, to=to: api_as(member).patch(
                url(board, item, entry), {"position": to}, format="json"
            )
            for member, (entry, to) in zip(members, moves, strict=True)
        ]
        assert api_statuses(calls) == [200] * 4
        found = positions(item)
        assert [position for position, _text in found] == [0, 1, 2, 3]
        assert sorted(text for _position, text in found) == [f"Step {i}" for i in range(4)]

    each_run(race)


def test_members_adding_and_reordering_at_once_keep_positions_unique():
    def race(board):
        members, item, entries = scene(board)
        calls = [
            lambda: api_as(members[0]).post(url(board, item), {"text": "New A"}, format="json"),
            lambda: api_as(members[1]).post(url(board, item), {"text": "New B"}, format="json"),
            lambda: api_as(members[2]).patch(url(board, item, entries[3]), {"position": 0}, format="json"),
            lambda: api_as(members[3]).delete(url(board, item, entries[1])),
        ]
        assert api_statuses(calls) == [200, 201, 201, 204]
        found = positions(item)
        assert len({position for position, _text in found}) == len(found) == 5
        texts = [text for _position, text in found]
        assert {"New A", "New B"} <= set(texts) and "Step 1" not in texts
        assert texts.index("Step 0") < texts.index("Step 2")  # the others kept their order

    each_run(race)
