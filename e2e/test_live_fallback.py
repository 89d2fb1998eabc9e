"""With no WebSocket to be had (here: a WSGI-only server), a live page polls and still shows others' changes."""

import pytest
from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory
from poker import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_poker_room_polls_when_no_socket_can_be_had(logged_in, team):
    BacklogItemFactory(board=team.board, title="Login")
    session = services.session_start(acting=team.sm, auto_reveal=False)
    page = logged_in(team.sm.user)
    page.goto(f"/b/apollo/poker/{session.pk}/")
    expect(page.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "polling")
    services.cast_vote(acting=team.dev, session=session, card="5")
    expect(page.get_by_test_id("tally")).to_have_text("1 of 3 voted", timeout=15_000)
