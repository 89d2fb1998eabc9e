"""The worked sprint: every number below is computed by hand from the story in the test, following the rules in
sprints/burndown.py. The sprint runs Monday 2 to Friday 13 March 2026 on a Monday–Friday board: ten working days,
one weekend (7–8 March) in the middle."""

import datetime as dt

import pytest
import time_machine

from boards import services as board_services
from boards.models import BacklogItem, Status
from boards.tests.factories import BacklogItemFactory
from sprints import services
from sprints.selectors import sprint_burndown, sprint_for

UTC = dt.UTC


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=UTC)


@pytest.fixture
def worked(team):
    """Play the sprint out with the real services, each change at its moment; leave the clock on Thu 12, 14:00."""
    board, sm, po, dev = team.board, team.sm, team.po, team.dev.user
    items = {
        name: BacklogItemFactory(board=board, title=name, points=points, ready=True)
        for name, points in [("A", 5), ("B", 3), ("C", 8), ("D", 2), ("E", 5), ("G", 3)]
    }

    def update(when, name, **fields):
        with time_machine.travel(when, tick=False):
            board_services.item_update(actor=dev, item=items[name], **fields)

    with time_machine.travel(dt.datetime(2026, 2, 27, 10, tzinfo=UTC), tick=False):
        sprint = services.sprint_create(
            acting=po, goal="Ship search", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 13)
        )
        services.sprint_add_items(acting=po, sprint=sprint, item_ids=[items[n].pk for n in "ABCDE"])
        # A re-estimate before the start is part of the plan, not scope change: C was 5, the team made it 8.
        board_services.item_update(actor=dev, item=items["C"], points=5)
    update(dt.datetime(2026, 2, 27, 11, tzinfo=UTC), "C", points=8)
    with time_machine.travel(at(2, 9), tick=False):
        services.sprint_start(acting=sm, sprint=sprint)
    update(at(3, 15), "A", status=Status.IN_PROGRESS)
    update(at(3, 17), "A", status=Status.DONE)
    update(at(4, 10), "B", status=Status.TESTING)
    update(at(5, 11), "C", points=13)  # re-estimated mid sprint
    update(at(6, 16), "B", status=Status.DONE)
    update(at(7, 12), "D", status=Status.DONE)  # on Saturday: the weekend stays flat, Monday shows it
    with time_machine.travel(at(9, 10), tick=False):
        services.sprint_add_items(acting=po, sprint=sprint, item_ids=[items["G"].pk])
    with time_machine.travel(at(10, 10), tick=False):
        services.sprint_remove_items(acting=po, sprint=sprint, item_ids=[items["E"].pk])
    update(at(11, 10), "C", status=Status.PO_REVIEW)
    update(at(12, 12), "G", status=Status.DONE)
    return sprint


def test_it_matches_the_hand_computed_series(team, worked):
    with time_machine.travel(at(12, 14), tick=False):
        chart = sprint_burndown(sprint=sprint_for(board=team.board, number=worked.number))

    # Committed at the start: A5 + B3 + C8 + D2 + E5 = 23. Ideal = 23 × (10 − working days so far) / 10.
    assert chart.committed == 23
    rows = [(d.date.day, d.remaining, d.ideal, d.weighted_progress, d.scope_change) for d in chart.days]
    assert rows == [
        # day remaining ideal          weighted progress (To do 0 … Done 4) / (4 × items)  scope change
        (2, 23, 20.7, 0.0, 0),  # 23×9/10; nothing moved: 0/20
        (3, 18, 18.4, 0.2, 0),  # A Done: 23−5; 23×8/10; A4 → 4/20
        (4, 18, 16.1, 0.3, 0),  # B to testing: A4+B2 → 6/20; 23×7/10
        (5, 23, 13.8, 0.3, 5),  # C 8→13: scope 28 (+5); remaining B3+C13+D2+E5 = 23; 23×6/10
        (6, 20, 11.5, 0.4, 0),  # B Done: C13+D2+E5 = 20; A4+B4 → 8/20; 23×5/10
        (7, 20, 11.5, 0.4, 0),  # Saturday: flat, although D moved to Done today
        (8, 20, 11.5, 0.4, 0),  # Sunday: flat
        (9, 21, 9.2, 0.5, 3),  # D Done (Sat) and G (3) added: C13+E5+G3 = 21; A4+B4+D4 → 12/24; scope 31 (+3)
        (10, 16, 6.9, 0.6, -5),  # E (5) removed: C13+G3 = 16; 12/20; scope 26 (−5); 23×3/10
        (11, 16, 4.6, 0.75, 0),  # C to PO review: 12+3 = 15/20; 23×2/10
        (12, 13, 2.3, 0.95, 0),  # today, G Done: C13; 19/20; 23×1/10
        (13, None, 0.0, None, None),  # tomorrow: only the ideal line, reaching zero on the last working day
    ]
    changes = [(c.date.day, c.title, c.kind, c.points) for c in chart.changes]
    assert changes == [(5, "C", "re-estimated", 5), (9, "G", "added", 3), (10, "E", "removed", -5)]


def test_it_ignores_what_closing_does_to_unfinished_items(team, worked):
    with time_machine.travel(at(13, 17), tick=False):
        services.sprint_close(acting=team.sm, sprint=worked, unfinished="backlog")
    with time_machine.travel(at(16, 9), tick=False):
        chart = sprint_burndown(sprint=sprint_for(board=team.board, number=worked.number))
    last = chart.days[-1]
    # C (13 points, PO review) went back to the backlog at the close; the chart still shows it as not done.
    assert (last.date.day, last.remaining, last.ideal, last.scope_change) == (13, 13, 0.0, 0)
    assert sprint_for(board=team.board, number=worked.number).completed_points == 13  # A5 + B3 + D2 + G3


def test_it_uses_the_boards_time_zone_for_today(team):
    team.board.time_zone = "Pacific/Auckland"  # UTC+13 in March
    team.board.save(update_fields=["time_zone"])
    item = BacklogItemFactory(board=team.board, points=5)
    with time_machine.travel(at(1, 12), tick=False):
        sprint = services.sprint_create(
            acting=team.po, goal="g", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 13)
        )
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[item.pk])
        sprint = services.sprint_start(acting=team.sm, sprint=sprint)
    # 12:00 UTC on the 2nd is already 01:00 on the 3rd in Auckland: two days are drawn.
    with time_machine.travel(at(2, 12), tick=False):
        chart = sprint_burndown(sprint=sprint)
    assert [d.date.day for d in chart.drawn] == [2, 3]


def test_a_planned_sprint_shows_only_the_plan(team):
    item = BacklogItemFactory(board=team.board, points=8)
    with time_machine.travel(at(1, 12), tick=False):
        sprint = services.sprint_create(
            acting=team.po, goal="g", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 6)
        )
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[item.pk])
        chart = sprint_burndown(sprint=sprint)
    # Five working days: 8 × (5 − k) / 5.
    assert chart.committed == 8
    assert [(d.ideal, d.remaining) for d in chart.days] == [
        (6.4, None),
        (4.8, None),
        (3.2, None),
        (1.6, None),
        (0.0, None),
    ]


def test_it_takes_three_queries_whatever_the_number_of_items_and_events(team, django_assert_num_queries):
    def sprint_with(n):
        items = [BacklogItemFactory(board=team.board, points=3) for _ in range(n)]
        with time_machine.travel(at(1, 12), tick=False):
            sprint = services.sprint_create(
                acting=team.po, goal="g", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 13)
            )
            services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[i.pk for i in items])
            services.sprint_start(acting=team.sm, sprint=sprint)
        for i, item in enumerate(items):
            with time_machine.travel(at(2 + i % 10, 10), tick=False):  # Mon 2 … Wed 11
                board_services.item_update(actor=team.dev.user, item=item, status=Status.IN_PROGRESS)
                board_services.item_update(actor=team.dev.user, item=item, status=Status.DONE)
        return sprint_for(board=team.board, number=sprint.number), items

    small, _ = sprint_with(3)
    with time_machine.travel(at(13, 17), tick=False):
        services.sprint_close(acting=team.sm, sprint=small)
    small = sprint_for(board=team.board, number=small.number)
    large, items = sprint_with(60)
    with time_machine.travel(at(12, 14), tick=False):
        # The board's items version, the items ever in the sprint, their events.
        with django_assert_num_queries(3):
            sprint_burndown(sprint=small)
        with django_assert_num_queries(3):
            chart = sprint_burndown(sprint=large)
        assert chart.drawn[-1].remaining == 0
        # Nothing changed: only the version is read.
        with django_assert_num_queries(1):
            assert sprint_burndown(sprint=large) == chart
        board_services.item_update(actor=team.dev.user, item=items[0], status=Status.TESTING)
        assert sprint_burndown(sprint=large).drawn[-1].remaining == 3


def test_a_new_title_reaches_the_cached_scope_list(team, worked):
    with time_machine.travel(at(12, 14), tick=False):
        sprint = sprint_for(board=team.board, number=worked.number)
        assert sprint_burndown(sprint=sprint).changes[1].title == "G"
        item = BacklogItem.objects.get(title="G")
    with time_machine.travel(at(12, 15), tick=False):
        board_services.item_update(actor=team.dev.user, item=item, title="Search filters")
        assert sprint_burndown(sprint=sprint).changes[1].title == "Search filters"
