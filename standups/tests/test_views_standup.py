"""The stand-up page: today's entries, who has not spoken, the timebox, my entry form, the small burndown."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from boards.tests.factories import MembershipFactory
from standups.models import Blocker, StandupEntry
from standups.services import standup_entry_save, timebox_start
from standups.tests.conftest import MONDAY

PAGE = "/b/apollo/standups/"
HTMX = {"HTTP_HX_REQUEST": "true"}
PARTIALS = [f"{PAGE}entries/", f"{PAGE}timebox/", f"{PAGE}burndown/"]


def client_for(member_or_user):
    client = Client()
    client.force_login(getattr(member_or_user, "user", member_or_user))
    return client


@pytest.mark.parametrize("url", [PAGE, *PARTIALS])
def test_it_sends_anonymous_visitors_to_log_in(team, sprint, url):
    response = Client().get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    # An htmx request (a region's refresh) sends the whole page there instead.
    assert Client().get(url, **HTMX)["HX-Redirect"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", [PAGE, *PARTIALS, f"{PAGE}entry/", f"{PAGE}timebox/start/"])
def test_it_is_404_for_outsiders(team, sprint, url):
    client = client_for(team.outsider)
    method = client.post if url.endswith(("entry/", "start/")) else client.get
    assert method(url, **HTMX).status_code == 404


def test_it_shows_the_entries_who_has_not_spoken_and_follows_the_stand_up_topic(team, sprint):
    standup_entry_save(acting=team.dev, day=MONDAY, done="Login <b>form</b>", next="Search", blockers="Staging")
    html = client_for(team.po).get(PAGE).content.decode()
    assert 'data-live-topic="standup:apollo"' in html
    assert 'data-live-refresh="standup.entry"' in html
    assert "Not spoken yet: paula, sam" in html
    entry = html.split('data-member="dave"', 1)[1].split("</li>", 1)[0]
    assert "Login &lt;b&gt;form&lt;/b&gt;" in entry and "<b>form" not in html
    assert "Search" in entry and "Staging" in entry
    assert 'aria-current="page">Stand-up</a>' in html


def test_my_entry_form_starts_on_what_i_wrote(team, sprint):
    standup_entry_save(acting=team.dev, day=MONDAY, done="Login", next="Search", blockers="Need a key")
    html = client_for(team.dev).get(PAGE).content.decode()
    # Django writes a newline after <textarea>, which browsers drop.
    assert '<textarea name="done" cols="40" rows="3" maxlength="2000" id="entry-done">\nLogin</textarea>' in html
    assert "Update my entry" in html
    assert "Post my entry" in client_for(team.po).get(PAGE).content.decode()


def test_posting_my_entry_through_htmx_returns_the_form_saved(team, sprint):
    response = client_for(team.dev).post(
        f"{PAGE}entry/", {"done": "Login", "next": "Search", "blockers": "Need a key"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="my-entry"' in html and "<html" not in html
    assert "Saved at 09:00" in html
    assert StandupEntry.objects.get().member == team.dev.user
    assert Blocker.objects.get().text == "Need a key"


def test_posting_without_javascript_redirects_back(team, sprint):
    response = client_for(team.dev).post(f"{PAGE}entry/", {"done": "Login"})
    assert (response.status_code, response.url) == (302, PAGE)
    assert StandupEntry.objects.get().done == "Login"


def test_bad_input_is_400_naming_the_problem_and_keeps_what_was_typed(team, sprint):
    response = client_for(team.dev).post(f"{PAGE}entry/", {"done": "Mine", "blockers": "x" * 501}, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep each blocker to 500 characters." in html
    assert ">\nMine</textarea>" in html
    assert not StandupEntry.objects.exists()


def test_bad_input_without_javascript_shows_the_whole_page_with_what_was_typed(team, sprint):
    response = client_for(team.dev).post(f"{PAGE}entry/", {"done": "Mine", "blockers": "x" * 501})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" in html and 'id="standup-burndown"' in html
    assert "Keep each blocker to 500 characters." in html and ">\nMine</textarea>" in html


@pytest.mark.parametrize("field", ["done", "next", "blockers"])
def test_a_nul_character_is_400_naming_the_answer_and_writes_nothing(team, sprint, field):
    # A form post can carry one (the API's serializer refuses it already); PostgreSQL cannot store it.
    response = client_for(team.dev).post(f"{PAGE}entry/", {"done": "Mine", field: "Sta\x00ging"}, **HTMX)
    assert response.status_code == 400
    assert field in response.content.decode().split('role="alert">', 1)[1].split("</p>", 1)[0]
    assert not StandupEntry.objects.exists()


def test_on_a_day_off_the_page_says_so_and_offers_no_form(team, sprint, clock):
    clock.move_to(dt.datetime(2026, 3, 7, 9, tzinfo=dt.UTC))  # Saturday
    html = client_for(team.dev).get(PAGE).content.decode()
    assert "is not a working day of Sprint 1" in html
    assert 'id="my-entry"' not in html
    response = client_for(team.dev).post(f"{PAGE}entry/", {"done": "x"}, **HTMX)
    assert response.status_code == 400 and "not a working day" in response.content.decode()


def test_without_an_active_sprint_the_page_says_so(team, clock):
    html = client_for(team.dev).get(PAGE).content.decode()
    assert "No sprint is active" in html


def test_the_scrum_master_sees_the_start_button_and_starts_the_timebox(team, sprint):
    assert "Start the timer" not in client_for(team.dev).get(PAGE).content.decode()
    client = client_for(team.sm)
    page = client.get(PAGE).content.decode()
    assert "Start the timer" in page and 'name="minutes" value="15"' in page  # the stand-up's 15 minutes
    response = client.post(f"{PAGE}timebox/start/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="standup-timebox"' in html and 'id="timer-standup"' in html
    assert 'data-ends-at="2026-03-02T09:15:00+00:00"' in html
    assert '<time datetime="2026-03-02T09:15:00+00:00" title="UTC">09:15 UTC</time>' in html
    assert "Start the timer" not in html and "Stop the timer" in html


def test_the_end_time_is_shown_in_the_boards_time_zone(team, sprint):
    team.board.time_zone = "Europe/Berlin"
    team.board.save(update_fields=["time_zone"])
    timebox_start(acting=team.sm, day=MONDAY)
    html = client_for(team.dev).get(f"{PAGE}timebox/", **HTMX).content.decode()
    assert ">10:15 CET</time>" in html  # the board's zone, labelled


def test_a_developer_starting_the_timebox_is_403_naming_the_role(team, sprint):
    response = client_for(team.dev).post(f"{PAGE}timebox/start/", **HTMX)
    assert response.status_code == 403
    assert "Only the Scrum Master can start the stand-up timebox" in response.content.decode()


def test_when_the_timebox_has_run_out_the_page_says_time_is_up(team, sprint, clock):
    timebox_start(acting=team.sm, day=MONDAY)
    clock.shift(dt.timedelta(minutes=15, seconds=1))
    html = client_for(team.dev).get(PAGE).content.decode()
    assert "Time is up" in html and "data-ends-at" not in html


def test_partials_answer_htmx_alone_and_plain_visits_get_the_page(team, sprint):
    client = client_for(team.dev)
    entries = client.get(f"{PAGE}entries/", **HTMX)
    assert entries.content.decode().lstrip().startswith('<section id="standup-entries"')
    assert "HX-Request" in entries["Vary"]
    timebox = client.get(f"{PAGE}timebox/", **HTMX).content.decode()
    assert timebox.lstrip().startswith('<div id="standup-timebox">') and "<html" not in timebox
    assert '<section id="timer-standup"' in timebox  # the timebox is the stand-up's ceremony timer
    burndown = client.get(f"{PAGE}burndown/", **HTMX).content.decode()
    assert 'id="standup-burndown"' in burndown and "Burndown of Sprint 1" in burndown and "<html" not in burndown
    for url in PARTIALS:
        assert client.get(url).url == PAGE


def test_the_page_shows_the_small_burndown_and_the_open_blockers(team, sprint):
    standup_entry_save(acting=team.dev, day=MONDAY, blockers="Staging is down")
    html = client_for(team.po).get(PAGE).content.decode()
    assert 'class="chart-card burndown-small"' in html and "<svg" in html
    panel = html.split('id="open-blockers"', 1)[1].split("</section>", 1)[0]
    assert "Staging is down" in panel and "dave" in panel


def test_the_page_costs_the_same_queries_for_3_or_30_members_speaking(team, sprint):
    def speak(count):
        for member in [MembershipFactory(board=team.board) for _ in range(count)]:
            standup_entry_save(acting=member, day=MONDAY, done="x", blockers=f"blocked {member.pk}")

    client = client_for(team.dev)
    speak(3)
    client.get(PAGE)  # the burndown is cached from here on, as it is for a team refreshing the page
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    speak(27)
    client.get(PAGE)  # new members raise the board's items version: the burndown is computed once more
    with CaptureQueriesContext(connection) as many:
        response = client.get(PAGE)
    assert len(response.context["day"].entries) == 30
    assert len(many) == len(few)
