from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from boards.models import BacklogItem, Board
from boards.tests.factories import BacklogItemFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client_for(db) -> Callable[[AbstractBaseUser | None], Client]:
    """`client_for(user)` is a test client logged in as that user; `client_for(None)` stays anonymous."""

    def make(user: AbstractBaseUser | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


def titles(board: Board) -> list[str]:
    """The titles of the board's items, in backlog order."""
    return list(BacklogItem.objects.filter(board=board).order_by("rank").values_list("title", flat=True))


@pytest.fixture
def backlog(team) -> list[BacklogItem]:
    """Items A to E on the team's board, A on top."""
    return [BacklogItemFactory(board=team.board, title=title) for title in "ABCDE"]


def assert_sends_anonymous_visitors_to_log_in(client: Client, url: str) -> None:
    """An anonymous visitor of `url` is sent to log in, and back to `url` after."""
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def definitions_with_ticks(team, *, kinds: tuple[str, ...] = ("ready",)) -> None:
    """The default Definitions of Ready and Done on the team's board, and every item's criteria of `kinds` ticked
    (written directly: the services' own tests tick through them)."""
    from boards.models import Criterion, CriterionCheck
    from boards.services.definitions import definitions_add_defaults

    if not Criterion.objects.filter(board=team.board).exists():
        definitions_add_defaults(board=team.board)
    criteria = list(Criterion.objects.filter(board=team.board, kind__in=kinds))
    CriterionCheck.objects.bulk_create(
        [
            CriterionCheck(board=team.board, item=item, criterion=criterion)
            for item in BacklogItem.objects.filter(board=team.board)
            for criterion in criteria
        ],
        ignore_conflicts=True,
    )


@pytest.fixture
def item(team) -> BacklogItem:
    """An item "Export" on the team's board."""
    return BacklogItemFactory(board=team.board, title="Export")


@pytest.fixture
def steps(item) -> list:
    """The item's checklist: Schema, View, Tests, none done."""
    from boards.tests.factories import ChecklistEntryFactory

    return [ChecklistEntryFactory(item=item, text=text) for text in ("Schema", "View", "Tests")]


def checklist_texts(item: BacklogItem) -> list[tuple[str, bool]]:
    """The item's checklist as (text, done), in order."""
    from boards.models import ChecklistEntry

    return list(ChecklistEntry.objects.filter(item=item).order_by("position").values_list("text", "done"))
