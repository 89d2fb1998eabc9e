import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from retros import services
from retros.models import Card


def add_cards(team, retro, count):
    Card.objects.bulk_create(
        [
            Card(retro=retro, column=("pluses", "minuses")[n % 2], text=f"Card {n}", author=team.dev.user)
            for n in range(count)
        ]
    )


@pytest.mark.parametrize("phase", ["vote", "discuss"])
def test_the_room_runs_the_same_queries_for_5_and_500_cards(team, client, retro, move_to, phase):
    move_to(retro, "write")
    add_cards(team, retro, 5)
    move_to(retro, phase)
    actions = phase == "discuss"  # agreed in that phase only
    if actions:
        services.action_add(acting=team.sm, retro=retro, text="Pair more", owner=team.dev.user.username)
    client.force_login(team.sm.user)
    url = f"/b/apollo/retros/{retro.pk}/"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_cards(team, retro, 495)
    for n in range(20 if actions else 0):
        services.action_add(acting=team.sm, retro=retro, text=f"Action {n}", owner=team.dev.user.username)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count('data-card-id="') == 500
    assert len(many) == len(few)
