import threading

import pytest
from django.db import connections
from django.test import Client

from boards.models import BacklogItem, Status
from boards.tests.factories import BacklogItemFactory
from conftest import postgres_only


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_people_using_the_pages_at_once_lose_no_item_and_no_position(team):
    """The product owner and the scrum master reorder while developers add items and move cards, all at once."""
    items = [BacklogItemFactory(board=team.board, title=f"I{n:02}") for n in range(12)]
    members = (team.po, team.sm, team.dev)
    barrier = threading.Barrier(9)
    statuses = []

    def act(n):
        try:
            client = Client()
            client.force_login(members[n % 3].user)
            barrier.wait()
            if n % 3 == 2:
                response = client.post("/b/apollo/items/new/", {"title": f"New {n}", "kind": "story"})
                statuses.append(response.status_code)
                response = client.post(f"/b/apollo/items/{items[n].pk}/status/", {"status": Status.DONE})
            else:
                response = client.post(f"/b/apollo/items/{items[n].pk}/move/", {"after": items[(n * 5 + 1) % 12].pk})
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(n,)) for n in range(9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(status == 302 for status in statuses), statuses
    ranks = list(BacklogItem.objects.filter(board=team.board).values_list("rank", flat=True))
    assert len(ranks) == 12 + 3
    assert len(set(ranks)) == len(ranks)
    assert BacklogItem.objects.filter(status=Status.DONE).count() == 3
