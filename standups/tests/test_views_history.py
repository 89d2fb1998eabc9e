"""The history page: the sprint's stand-ups by date, each working day so far with its entries."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from boards.tests.factories import MembershipFactory
from standups.services import standup_entry_save

HISTORY = "/b/apollo/standups/history/"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_it_sends_anonymous_visitors_to_log_in(team, sprint):
    response = Client().get(HISTORY)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_it_is_404_for_outsiders(team, sprint):
    assert client_for(team.outsider).get(HISTORY).status_code == 404


@pytest.mark.parametrize("role", ["po", "sm", "dev"])
def test_every_member_may_look(team, sprint, role):
    assert client_for(getattr(team, role).user).get(HISTORY).status_code == 200


def test_it_lists_each_working_day_so_far_newest_first_with_its_entries(team, sprint, clock):
    standup_entry_save(acting=team.dev, day=dt.date(2026, 3, 2), done="Monday's work")
    clock.move_to(dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC))  # Wednesday; nobody spoke on Tuesday
    standup_entry_save(acting=team.po, day=dt.date(2026, 3, 4), done="Wednesday <i>work</i>")
    html = client_for(team.sm.user).get(HISTORY).content.decode()
    days = [part.split('"', 1)[0] for part in html.split('class="standup-day" data-date="')[1:]]
    assert days == ["2026-03-04", "2026-03-03", "2026-03-02"]
    assert "Wednesday &lt;i&gt;work&lt;/i&gt;" in html
    tuesday = html.split('data-date="2026-03-03"', 1)[1].split("</section>", 1)[0]
    assert "No entries." in tuesday
    assert "Monday&#x27;s work" in html


def test_weekends_are_not_listed(team, sprint, clock):
    clock.move_to(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC))  # the second Tuesday
    html = client_for(team.dev.user).get(HISTORY).content.decode()
    assert 'data-date="2026-03-07"' not in html and 'data-date="2026-03-08"' not in html
    assert html.count('class="standup-day"') == 7


def test_a_past_sprint_is_shown_by_number_and_an_unknown_one_is_404(team, sprint):
    standup_entry_save(acting=team.dev, day=dt.date(2026, 3, 2), done="Monday's work")
    client = client_for(team.dev.user)
    assert "Monday&#x27;s work" in client.get(f"{HISTORY}?sprint=1").content.decode()
    assert client.get(f"{HISTORY}?sprint=9").status_code == 404


def test_without_an_active_sprint_it_says_so(team, clock):
    assert "No sprint is active" in client_for(team.dev.user).get(HISTORY).content.decode()


def test_it_costs_the_same_queries_for_few_or_many_entries(team, sprint, clock):
    def speak_for_days(count_members, days):
        members = [MembershipFactory(board=team.board) for _ in range(count_members)]
        for day in days:
            clock.move_to(dt.datetime(2026, 3, day, 9, tzinfo=dt.UTC))
            for member in members:
                standup_entry_save(acting=member, day=dt.date(2026, 3, day), done="x")

    speak_for_days(1, [2])
    with CaptureQueriesContext(connection) as few:
        client_for(team.dev.user).get(HISTORY)
    speak_for_days(10, [3, 4, 5])
    with CaptureQueriesContext(connection) as many:
        response = client_for(team.dev.user).get(HISTORY)
    assert sum(len(day.entries) for day in response.context["days"]) == 31
    assert len(many) == len(few)
