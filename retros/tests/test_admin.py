from django.contrib.auth import get_user_model
from django.test import Client

from retros import services


def test_the_admin_shows_retros_and_cards_read_only_without_the_author(db, team, retro, move_to):
    move_to(retro, "write")
    card = services.card_add(acting=team.dev, retro=retro, column="pluses", text="Quiet win", anonymous=True)
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))
    page = client.get(f"/admin/retros/card/{card.pk}/change/").content.decode()
    assert "Quiet win" in page and "dave" not in page
    assert client.get("/admin/retros/retro/add/").status_code == 403
    assert client.post(f"/admin/retros/card/{card.pk}/delete/").status_code == 403
