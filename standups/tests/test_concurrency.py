"""Races on PostgreSQL: real threads, real row locks."""

import datetime as dt

import pytest
import time_machine

from boards.models import BacklogItem
from boards.services import item_delete
from boards.tests.factories import BacklogItemFactory
from conftest import postgres_only
from scrum_app.errors import InvalidInput
from scrum_app.testing import all_at_once
from sprints import services as sprint_services
from standups.models import Blocker, Standup, StandupEntry
from standups.services import blocker_resolve, standup_entry_save
from standups.tests.conftest import MONDAY, MONDAY_9AM

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def test_two_parallel_puts_by_one_member_leave_exactly_one_entry(team, sprint):
    calls = [
        lambda n=n: standup_entry_save(acting=team.dev, day=MONDAY, done=f"tab {n}", blockers="Staging is down")
        for n in range(2)
    ]
    assert all_at_once(calls) == []
    assert Standup.objects.count() == 1
    assert StandupEntry.objects.count() == 1
    assert StandupEntry.objects.get().done in {"tab 0", "tab 1"}
    assert list(Blocker.objects.values_list("text", flat=True)) == ["Staging is down"]


def test_the_whole_team_speaking_at_once_makes_one_stand_up_with_one_entry_each(team, sprint):
    calls = [
        lambda m=m: standup_entry_save(acting=m, day=MONDAY, done=f"{m.user.username} again")
        for m in (team.po, team.sm, team.dev)
        for _ in range(3)
    ]
    assert all_at_once(calls) == []
    assert Standup.objects.count() == 1
    assert StandupEntry.objects.count() == 3


def test_two_people_resolving_one_blocker_at_once_resolve_it_once(team, sprint):
    standup_entry_save(acting=team.dev, day=MONDAY, blockers="Staging is down")
    blocker = Blocker.objects.get()
    errors = all_at_once(
        [
            lambda: blocker_resolve(acting=team.po, blocker=blocker),
            lambda: blocker_resolve(acting=team.sm, blocker=blocker),
        ]
    )
    assert [type(e).__name__ for e in errors] == ["Conflict"]
    assert Blocker.objects.get().resolved_by in {team.po.user, team.sm.user}


def test_a_blocker_naming_an_item_deleted_at_the_same_time_never_fails_the_save(team, sprint):
    for run in range(10):
        item = BacklogItemFactory(board=team.board, title=f"Doomed {run}")
        text = f"Waiting on #{item.pk}"
        errors = all_at_once(
            [
                lambda t=text: standup_entry_save(acting=team.dev, day=MONDAY, blockers=t),
                lambda i=item: item_delete(acting=team.po, item=i),
            ]
        )
        assert errors == [], errors  # an IntegrityError at commit (a 500) when the item went after the check
        assert (
            Blocker.objects.get(text=text).item_id is None
        )  # the item is gone either way: the blocker stays, unlinked


def test_an_entry_saved_while_the_sprint_closes_is_written_before_the_close_or_refused(team, sprint):
    closing = sprint
    with time_machine.travel(MONDAY_9AM, tick=True):  # real time passes: which write came first shows in the rows
        for run in range(10):
            errors = all_at_once(
                [
                    lambda r=run: standup_entry_save(acting=team.dev, day=MONDAY, done=f"run {r}"),
                    lambda s=closing: sprint_services.sprint_close(acting=team.sm, sprint=s),
                ]
            )
            assert all(isinstance(e, InvalidInput) and e.field == "date" for e in errors), errors
            closing.refresh_from_db()
            late = StandupEntry.objects.filter(standup__sprint=closing, updated_at__gt=closing.closed_at)
            assert not late.exists()  # never an entry in a sprint that had closed when it was written
            closing = sprint_services.sprint_create(
                acting=team.po, goal="Again", start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=13)
            )
            sprint_services.sprint_add_items(
                acting=team.po, sprint=closing, item_ids=list(BacklogItem.objects.values_list("pk", flat=True))
            )
            sprint_services.sprint_start(acting=team.sm, sprint=closing)
