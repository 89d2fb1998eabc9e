"""The retros admin is a view-only window for support; it must not show what the room hides (`admin_client` is
pytest-django's superuser)."""

from retros import services


def test_the_admin_shows_retros_and_cards_read_only_without_the_author(admin_client, team, retro, move_to):
    move_to(retro, "write")
    card = services.card_add(acting=team.dev, retro=retro, column="pluses", text="Quiet win", anonymous=True)
    page = admin_client.get(f"/admin/retros/card/{card.pk}/change/").content.decode()
    assert "Quiet win" in page and "dave" not in page
    assert admin_client.get("/admin/retros/retro/add/").status_code == 403
    assert admin_client.post(f"/admin/retros/card/{card.pk}/delete/").status_code == 403


def test_the_admin_cannot_filter_cards_by_author_nor_votes_by_voter(admin_client, team, retro, move_to):
    move_to(retro, "write")
    card = services.card_add(acting=team.dev, retro=retro, column="pluses", text="Quiet win", anonymous=True)
    move_to(retro, "vote")
    services.vote_cast(acting=team.po, retro=retro, card_id=card.pk)
    move_to(retro, "discuss")
    # A filter in the address would tell whose the anonymous card is, and where each member's votes went.
    for path in (
        f"/admin/retros/card/?author={team.dev.user.pk}",
        f"/admin/retros/card/?author__id__exact={team.dev.user.pk}",
        f"/admin/retros/vote/?voter={team.po.user.pk}",
    ):
        response = admin_client.get(path)
        assert response.status_code == 400 or f"Card {card.pk}" not in response.content.decode(), path
    assert f"Card {card.pk}" in admin_client.get("/admin/retros/card/").content.decode()


def test_the_admin_lists_no_hidden_card_while_writing_and_no_vote_while_voting(admin_client, team, retro, move_to):
    retro.hidden = True
    retro.save(update_fields=["hidden"])
    move_to(retro, "write")
    card = services.card_add(acting=team.dev, retro=retro, column="minuses", text="Secret gripe")
    assert f"Card {card.pk}" not in admin_client.get("/admin/retros/card/").content.decode()
    assert "Secret gripe" not in admin_client.get(f"/admin/retros/card/{card.pk}/change/", follow=True).content.decode()
    move_to(retro, "vote")
    assert "Secret gripe" in admin_client.get(f"/admin/retros/card/{card.pk}/change/").content.decode()
    services.vote_cast(acting=team.po, retro=retro, card_id=card.pk)
    assert f"on card {card.pk}" not in admin_client.get("/admin/retros/vote/").content.decode()
    move_to(retro, "discuss")
    assert f"on card {card.pk}" in admin_client.get("/admin/retros/vote/").content.decode()


def test_deleting_a_member_in_the_admin_takes_their_cards_and_votes_without_naming_them(
    admin_client, team, retro, move_to
):
    move_to(retro, "write")
    card = services.card_add(acting=team.dev, retro=retro, column="pluses", text="Quiet win", anonymous=True)
    other = services.card_add(acting=team.po, retro=retro, column="pluses", text="Kept")
    move_to(retro, "vote")
    services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)
    confirm = admin_client.get(f"/admin/auth/user/{team.dev.user.pk}/delete/").content.decode()
    assert "Quiet win" not in confirm and "permission to delete" not in confirm
    response = admin_client.post(f"/admin/auth/user/{team.dev.user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not type(card).objects.filter(pk=card.pk).exists()
    # Their own pages still refuse a delete.
    assert admin_client.post(f"/admin/retros/card/{other.pk}/delete/", {"post": "yes"}).status_code == 403
