from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command

from boards.models import BacklogItem, Board, Membership, Role, Status


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_creates_a_demo_team_with_working_logins(db):
    output = seed()
    board = Board.objects.get(slug="demo")
    roles = dict(Membership.objects.filter(board=board).values_list("user__username", "role"))
    assert roles == {
        "paula": Role.PRODUCT_OWNER,
        "sam": Role.SCRUM_MASTER,
        "dana": Role.DEVELOPER,
        "devon": Role.DEVELOPER,
    }
    assert "demo-pass-2026" in output
    assert authenticate(username="paula", password="demo-pass-2026") is not None
    statuses = set(BacklogItem.objects.filter(board=board).values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert 35 <= BacklogItem.objects.filter(board=board).count() <= 45


def test_running_it_twice_duplicates_nothing(db):
    seed()
    counts = (Board.objects.count(), Membership.objects.count(), BacklogItem.objects.count())
    seed()
    assert (Board.objects.count(), Membership.objects.count(), BacklogItem.objects.count()) == counts


def test_the_demo_board_has_a_column_over_its_wip_limit(db):
    seed()
    seed()
    board = Board.objects.get(slug="demo")
    limits = dict(board.wip_limits.values_list("status", "limit"))
    assert limits == {"in_progress": 2, "testing": 3, "po_review": 2}
    in_progress = BacklogItem.objects.filter(board=board, status=Status.IN_PROGRESS).count()
    assert in_progress > limits["in_progress"]
