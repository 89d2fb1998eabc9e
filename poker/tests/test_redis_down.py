from django.test import override_settings

from live.tests.helpers import closed_port, redis_layers
from poker.models import Vote


def test_with_redis_down_voting_and_the_room_still_work(client, team, session, django_capture_on_commit_callbacks):
    client.force_login(team.dev.user)
    with override_settings(CHANNEL_LAYERS=redis_layers(f"redis://127.0.0.1:{closed_port()}/1")):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(f"/b/apollo/poker/{session.pk}/vote/", {"card": "5"}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert callbacks  # the event was attempted (and failed quietly)
        assert client.get(f"/b/apollo/poker/{session.pk}/").status_code == 200
    assert Vote.objects.get().card == "5"
