"""standup_entry_save: one entry per member per day, written only on its own working day."""

import datetime as dt

import pytest

from boards.tests.factories import BoardFactory, MembershipFactory
from scrum_app.errors import Conflict, InvalidInput
from standups.models import Blocker, Standup, StandupEntry
from standups.services import standup_entry_save
from standups.tests.conftest import MONDAY


def test_it_creates_the_days_stand_up_and_the_members_entry(team, sprint):
    entry = standup_entry_save(acting=team.dev, day=MONDAY, done="Login form", next="Tests", blockers="")
    standup = Standup.objects.get()
    assert (standup.sprint, standup.date) == (sprint, MONDAY)
    assert (entry.member, entry.done, entry.next, entry.blockers) == (team.dev.user, "Login form", "Tests", "")


def test_it_updates_the_same_entry_when_saved_again_the_same_day(team, sprint, clock):
    first = standup_entry_save(acting=team.dev, day=MONDAY, done="Login form")
    clock.shift(dt.timedelta(hours=2))
    again = standup_entry_save(acting=team.dev, day="2026-03-02", done="Login form and errors", next="Search")
    assert again.pk == first.pk
    assert StandupEntry.objects.count() == 1
    stored = StandupEntry.objects.get()
    assert (stored.done, stored.next) == ("Login form and errors", "Search")
    assert stored.updated_at > stored.created_at


def test_it_keeps_one_entry_per_member_and_one_stand_up_per_day(team, sprint):
    for member in (team.po, team.sm, team.dev):
        standup_entry_save(acting=member, day=MONDAY, done=f"{member.user.username} did things")
    assert Standup.objects.count() == 1
    assert StandupEntry.objects.count() == 3


def test_it_refuses_another_day_than_today_with_409_naming_the_date(team, sprint):
    with pytest.raises(Conflict, match="today is 2026-03-02, not 2026-03-03") as refused:
        standup_entry_save(acting=team.dev, day=dt.date(2026, 3, 3), done="Tomorrow's news")
    assert refused.value.field == "date"
    assert not StandupEntry.objects.exists()


def test_yesterdays_entry_is_no_longer_editable(team, sprint, clock):
    standup_entry_save(acting=team.dev, day=MONDAY, done="Monday")
    clock.move_to(dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC))
    with pytest.raises(Conflict):
        standup_entry_save(acting=team.dev, day=MONDAY, done="Changed on Tuesday")
    assert StandupEntry.objects.get().done == "Monday"


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2026, 3, 7), "not a working day"),  # a Saturday inside the sprint
        (dt.date(2026, 3, 16), "not a working day"),  # after the sprint
        ("2026-02-30", "not a date"),
        ("02/03/2026", "YYYY-MM-DD"),
    ],
)
def test_a_date_that_is_no_working_day_of_the_sprint_is_400_naming_the_date(team, sprint, day, message):
    with pytest.raises(InvalidInput, match=message) as refused:
        standup_entry_save(acting=team.dev, day=day, done="x")
    assert refused.value.field == "date"


def test_without_an_active_sprint_there_is_no_stand_up(team, clock):
    with pytest.raises(InvalidInput, match="No sprint is active") as refused:
        standup_entry_save(acting=team.dev, day=MONDAY, done="x")
    assert refused.value.field == "date"


def test_today_follows_the_boards_time_zone(team, sprint, clock):
    team.board.time_zone = "Pacific/Auckland"  # 09:00 UTC Monday is 22:00 Monday there; 12:00 UTC is Tuesday 01:00
    team.board.save(update_fields=["time_zone"])
    clock.move_to(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC))
    with pytest.raises(Conflict, match="today is 2026-03-03"):
        standup_entry_save(acting=team.dev, day=MONDAY, done="x")
    assert standup_entry_save(acting=team.dev, day=dt.date(2026, 3, 3), done="x").standup.date == dt.date(2026, 3, 3)


@pytest.mark.parametrize("field", ["done", "next", "blockers"])
def test_overlong_answers_are_400_naming_the_field_and_nothing_is_written(team, sprint, field):
    with pytest.raises(InvalidInput) as refused:
        standup_entry_save(acting=team.dev, day=MONDAY, **{field: "x" * 2001})
    assert refused.value.field == field
    assert not Standup.objects.exists()


def test_a_member_of_another_board_writes_only_to_their_own(team, sprint):
    other = MembershipFactory(board=BoardFactory())
    with pytest.raises(InvalidInput, match="No sprint is active"):
        standup_entry_save(acting=other, day=MONDAY, done="x")
    assert not StandupEntry.objects.exists()


def test_answers_are_stored_as_typed_text(team, sprint):
    entry = standup_entry_save(acting=team.dev, day=MONDAY, done="  <script>alert(1)</script>  ")
    assert entry.done == "<script>alert(1)</script>"


def test_an_entry_of_a_past_day_is_recorded_at_the_moment_given(team, sprint, clock):
    clock.move_to(dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC))
    tuesday_morning = dt.datetime(2026, 3, 3, 9, 5, tzinfo=dt.UTC)
    entry = standup_entry_save(
        acting=team.dev, day="2026-03-03", done="Search", blockers="Waiting for ops", at=tuesday_morning
    )
    assert entry.standup.date == dt.date(2026, 3, 3)
    assert (entry.created_at, entry.updated_at) == (tuesday_morning, tuesday_morning)
    assert Blocker.objects.get().raised_at == tuesday_morning


def test_a_past_entry_is_for_the_day_of_its_moment_only(team, sprint, clock):
    clock.move_to(dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC))
    with pytest.raises(Conflict, match="today is 2026-03-03, not 2026-03-02") as refused:
        standup_entry_save(acting=team.dev, day=MONDAY, done="x", at=dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC))
    assert refused.value.field == "date"
    assert not StandupEntry.objects.exists()


@pytest.mark.parametrize(
    "at",
    [dt.datetime(2026, 3, 2, 9, 1, tzinfo=dt.UTC), dt.datetime(2026, 3, 2, 8)],
    ids=["in-the-future", "naive"],
)
def test_a_moment_to_come_or_without_time_zone_is_400_naming_at(team, sprint, at):
    with pytest.raises(InvalidInput, match="has passed") as refused:
        standup_entry_save(acting=team.dev, day=MONDAY, done="x", at=at)
    assert refused.value.field == "at"
    assert not Standup.objects.exists()


@pytest.mark.parametrize("answers", [{}, {"done": "  ", "next": "\n", "blockers": " \n "}])
def test_an_empty_entry_is_400_naming_done_and_nothing_is_written(team, sprint, answers):
    with pytest.raises(InvalidInput, match="the entry is empty") as refused:
        standup_entry_save(acting=team.dev, day=MONDAY, **answers)
    assert refused.value.field == "done"
    assert not StandupEntry.objects.exists()
    assert not Standup.objects.exists()
