import pytest

from reviews import services
from reviews.export import review_markdown

pytestmark = pytest.mark.django_db


def test_a_closed_review_reads_as_markdown_with_user_text_escaped(team, review, items):
    services.item_decide(acting=team.po, review=review, item_id=items["Search"].pk, verdict="accepted")
    services.item_decide(
        acting=team.po, review=review, item_id=items["Export"].pk, verdict="rejected", note="# no *CSV*"
    )
    services.feedback_add(acting=team.dev, review=review, text="<b>Tags</b>", to_backlog=True)
    services.goal_met_set(acting=team.po, review=review, goal_met=False)
    services.review_close(acting=team.sm, review=review)
    review.refresh_from_db()
    text = review_markdown(review)
    assert text.startswith("# Sprint review: Apollo, sprint 1\n")
    assert "- Goal met: no\n" in text and "- Committed 18 points, completed 8\n" in text
    search, export = items["Search"].pk, items["Export"].pk
    assert f"- #{search} Search (5): Accepted\n" in text
    assert f"- #{export} Export (2): Rejected, \\# no \\*CSV\\*\n" in text
    assert "- \\<b\\>Tags\\</b\\> (dave, backlog item #" in text


def test_the_export_is_in_russian_for_a_russian_request(client, team, review):
    services.review_close(acting=team.sm, review=review)
    client.force_login(team.dev.user)
    text = client.get("/b/apollo/reviews/1/export/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert text.startswith("# Обзор спринта: Apollo, спринт 1")
