"""Migration 0003: each stand-up's timebox becomes a stand-up timer of its board and sprint, a run-out one stopped at
its end, before the timebox columns go."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("standups", "0002_entry_version"), ("timers", "0001_initial")]
AFTER = [("standups", "0003_timebox_to_timers")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_timeboxes_become_standup_timers():
    apps = _migrate(BEFORE)
    try:
        model = apps.get_model
        sam = model("auth", "User").objects.create(username="sam")
        board = model("boards", "Board").objects.create(name="Apollo", slug="apollo", working_days=[1, 2, 3, 4, 5])
        sprint = model("sprints", "Sprint").objects.create(
            board=board, number=1, start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 15), state="planned"
        )
        now = timezone.now()
        earlier = now - dt.timedelta(days=1)
        model("standups", "Standup").objects.create(board=board, sprint=sprint, date=dt.date(2026, 3, 2))  # no timebox
        model("standups", "Standup").objects.create(
            board=board,
            sprint=sprint,
            date=dt.date(2026, 3, 3),
            timebox_started_at=earlier,
            timebox_ends_at=earlier + dt.timedelta(minutes=15),
            timebox_started_by=sam,
        )
        model("standups", "Standup").objects.create(
            board=board,
            sprint=sprint,
            date=dt.date(2026, 3, 4),
            timebox_started_at=now - dt.timedelta(minutes=5),
            timebox_ends_at=now + dt.timedelta(minutes=10),
        )

        apps = _migrate(AFTER)
        rows = apps.get_model("timers", "Timer").objects.order_by("started_at")
        assert [(t.ceremony, t.board_id, t.sprint_id, t.started_by_id) for t in rows] == [
            ("standup", board.pk, sprint.pk, sam.pk),
            ("standup", board.pk, sprint.pk, None),
        ]
        assert rows[0].stopped_at == earlier + dt.timedelta(minutes=15)  # ran out: stopped at its end
        assert rows[1].stopped_at is None and rows[1].ends_at == now + dt.timedelta(minutes=10)  # still running
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
