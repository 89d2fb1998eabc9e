import pytest

from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory
from reviews import services
from reviews.tests.dates import near_its_end
from sprints.services import sprint_add_items, sprint_close, sprint_create, sprint_start


@pytest.fixture
def sprint(team):
    """Sprint 1, active and ending today, goal "Sign-up", with five items: "Login" Done (3 points), "Search" and
    "Export" in PO review (5 and 2), "Profile" in progress (8), "Avatars" to do (no points)."""
    titles = [("Login", 3, "done"), ("Search", 5, "po_review"), ("Export", 2, "po_review")]
    titles += [("Profile", 8, "in_progress"), ("Avatars", None, "todo")]
    items = [BacklogItemFactory(board=team.board, title=t, points=p) for t, p, _ in titles]
    sprint = sprint_create(acting=team.sm, goal="Sign-up")
    sprint_add_items(acting=team.sm, sprint=sprint, item_ids=[item.pk for item in items])
    sprint = sprint_start(acting=team.sm, sprint=sprint)
    for item, (_, _, status) in zip(items, titles, strict=True):
        BacklogItem.objects.filter(pk=item.pk).update(status=status)
    return near_its_end(sprint)


@pytest.fixture
def items(sprint):
    """The sprint's items by title."""
    return {item.title: item for item in BacklogItem.objects.filter(sprint=sprint)}


@pytest.fixture
def review(team, sprint):
    return services.review_open(acting=team.sm, sprint=sprint)


@pytest.fixture
def closed_sprint(team, sprint):
    return sprint_close(acting=team.sm, sprint=sprint)
