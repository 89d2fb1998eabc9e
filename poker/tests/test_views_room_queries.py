from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem
from poker import services
from poker.models import Entry


def test_the_room_runs_the_same_queries_for_5_and_100_queued_of_500_items(client, team):
    BacklogItem.objects.bulk_create([BacklogItem(board=team.board, title=f"Item {n}", rank=n) for n in range(500)])
    items = list(BacklogItem.objects.filter(board=team.board).order_by("rank"))
    session = services.session_start(acting=team.sm, items=[item.pk for item in items[:5]])
    services.cast_vote(acting=team.po, session=session, card="5")
    client.force_login(team.sm.user)
    url = f"/b/apollo/poker/{session.pk}/"
    client.get(url)  # the first visit also records the viewer as present in the room
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # The queue's limit (services.QUEUE_LIMIT) is 100.
    Entry.objects.bulk_create(
        [Entry(session=session, item=item, title=item.title, position=n) for n, item in enumerate(items[5:100], 6)]
    )
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Item 99" in html
    assert len(many) == len(few)
