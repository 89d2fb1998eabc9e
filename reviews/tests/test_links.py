import pytest

from retros.services import retro_open

pytestmark = pytest.mark.django_db

SPRINT_PAGE = "/b/apollo/sprints/1/"


def test_the_sprint_page_offers_the_scrum_master_to_open_the_review(client, team, sprint):
    client.force_login(team.sm.user)
    assert 'action="/b/apollo/reviews/"' in client.get(SPRINT_PAGE).content.decode()
    client.force_login(team.dev.user)
    html = client.get(SPRINT_PAGE).content.decode()
    assert 'action="/b/apollo/reviews/"' not in html and "/b/apollo/reviews/1/" not in html


def test_the_sprint_page_and_the_retro_of_the_sprint_link_to_its_review(client, team, review):
    retro = retro_open(acting=team.sm, sprint=1)
    client.force_login(team.dev.user)
    for url in (SPRINT_PAGE, f"/b/apollo/retros/{retro.pk}/"):
        assert '<a href="/b/apollo/reviews/1/">Sprint review</a> · Open' in client.get(url).content.decode()


def test_every_board_page_links_to_the_reviews(client, team):
    client.force_login(team.dev.user)
    assert '<a href="/b/apollo/reviews/">Review</a>' in client.get("/b/apollo/").content.decode()
