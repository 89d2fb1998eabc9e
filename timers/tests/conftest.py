"""A two-week sprint in progress on Apollo, with time frozen on a Monday morning (the board works Monday to Friday,
in UTC)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from boards.tests.factories import BacklogItemFactory
from sprints import services as sprint_services

# The stand-up tests' frozen Monday morning: `clock` is frozen at MONDAY_9AM, `clock.move_to(...)` travels on.
from standups.tests.conftest import MONDAY_9AM, clock  # noqa: F401

API = "/api/v1/boards/apollo/timers/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def client_for(member_or_user) -> Client:
    client = Client()
    client.force_login(getattr(member_or_user, "user", member_or_user))
    return client


@pytest.fixture
def sprint(team, clock):  # noqa: F811  (the fixture imported above)
    """Sprint 1, started this Monday (two weeks, to Sunday 15 March: ten working days)."""
    item = BacklogItemFactory(board=team.board, title="Login", points=5)
    planned = sprint_services.sprint_create(acting=team.po, goal="Accounts")
    sprint_services.sprint_add_items(acting=team.po, sprint=planned, item_ids=[item.pk])
    return sprint_services.sprint_start(acting=team.sm, sprint=planned)
