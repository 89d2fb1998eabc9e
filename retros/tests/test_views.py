import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.tests.factories import MembershipFactory
from retros import services
from retros.models import Action, Card, Retro, Vote
from sprints.services import sprint_create

HTMX = {"HX-Request": "true"}
LIST = "/b/apollo/retros/"


def room_url(retro, rest=""):
    return f"{LIST}{retro.pk}/{rest}"


@pytest.fixture
def as_member(client, team):
    def login(who):
        client.force_login(getattr(team, who).user if who != "outsider" else team.outsider)
        return client

    return login


def test_anonymous_visitors_are_sent_to_log_in(client, retro):
    for path in (LIST, room_url(retro), room_url(retro, "stage/"), room_url(retro, "wall/"), f"{LIST}actions/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_outsiders_get_404_everywhere(as_member, retro):
    client = as_member("outsider")
    for path in (
        LIST,
        room_url(retro),
        room_url(retro, "stage/"),
        room_url(retro, "wall/"),
        room_url(retro, "export/"),
    ):
        assert client.get(path).status_code == 404
    for path in (
        "phase/",
        "cards/",
        "cards/1/vote/",
        "cards/1/unvote/",
        "actions/",
        "actions/1/done/",
        "actions/1/carry/",
    ):
        assert client.post(room_url(retro, path), {"column": "pluses", "text": "x"}).status_code == 404, path
    assert client.post(LIST, {"sprint": "1"}).status_code == 404
    assert client.post(f"{LIST}actions/1/done/").status_code == 404
    assert not Card.objects.exists()


def test_anonymous_visitors_posting_are_sent_to_log_in(client, retro):
    for path in ("phase/", "cards/", "cards/1/vote/", "cards/1/unvote/", "actions/", "actions/1/done/", "export/"):
        method = client.get if path == "export/" else client.post
        assert method(room_url(retro, path))["Location"].startswith("/accounts/login/"), path


def test_a_vote_on_a_card_of_another_board_is_404(as_member, team, retro, move_to, zeus):
    _, card, _ = zeus
    move_to(retro, "vote")
    client = as_member("dev")
    assert client.post(room_url(retro, f"cards/{card.pk}/vote/"), headers=HTMX).status_code == 404
    assert client.post(room_url(retro, f"cards/{card.pk}/unvote/"), headers=HTMX).status_code == 404
    assert not Vote.objects.exists()


def test_the_list_offers_the_scrum_master_to_open_a_retro(as_member, sprint):
    page = as_member("sm").get(LIST).content.decode()
    assert "Open a retro" in page
    assert 'value="mad_sad_glad"' in page
    assert '<option value="1">Sprint 1 (planned)</option>' in page
    assert 'aria-current="page">Retro</a>' in page


def test_the_list_shows_no_open_form_to_a_developer(as_member, retro):
    page = as_member("dev").get(LIST).content.decode()
    assert "Open a retro" not in page
    assert f'href="{room_url(retro)}">Sprint 1</a>' in page


def test_the_scrum_master_opens_a_retro_from_the_list(as_member, sprint):
    response = as_member("sm").post(LIST, {"sprint": "1", "template": "start_stop_continue", "hidden": "on"})
    retro = Retro.objects.get()
    assert response.status_code == 302
    assert response["Location"] == room_url(retro)
    assert (retro.template, retro.hidden) == ("start_stop_continue", True)


def test_a_developer_opening_a_retro_is_403_naming_the_role(as_member, sprint):
    response = as_member("dev").post(LIST, {"sprint": "1"})
    assert response.status_code == 403
    assert "Scrum Master" in response.content.decode()
    assert not Retro.objects.exists()


def test_opening_a_second_retro_for_a_sprint_is_409_with_the_reason(as_member, retro):
    sprint_create(acting=retro.board.memberships.get(role="scrum_master"))
    response = as_member("sm").post(LIST, {"sprint": "1"})
    assert response.status_code == 409
    assert "already has a retro" in response.content.decode()


@pytest.mark.parametrize("number", ["²", "1.0", "one", ""])
def test_a_sprint_that_is_no_plain_number_is_400_naming_sprint(as_member, sprint, number):
    response = as_member("sm").post(LIST, {"sprint": number})
    assert response.status_code == 400
    assert "sprint: " in response.content.decode()
    assert not Retro.objects.exists()


def test_the_list_takes_the_same_queries_for_2_or_20_retros(as_member, team, sprint):
    def add(n):
        for _ in range(n):
            services.retro_open(acting=team.sm, sprint=sprint_create(acting=team.sm).number)

    client = as_member("dev")
    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    add(18)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).content.decode().count("data-retro-id") == 20
    assert len(many) == len(few)


def test_the_room_shows_the_phases_and_the_scrum_masters_control(as_member, retro):
    page = as_member("sm").get(room_url(retro)).content.decode()
    assert f'data-live-topic="retro:{retro.pk}"' in page
    assert 'aria-current="step" class="current">Review</li>' in page
    assert "Move on to write" in page
    assert "Nothing left over from the last retro." in page
    dev_page = as_member("dev").get(room_url(retro)).content.decode()
    assert "Move on to write" not in dev_page


def test_moving_the_phase_through_htmx_returns_the_stage(as_member, retro):
    response = as_member("sm").post(room_url(retro, "phase/"), {"phase": "write"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="retro-stage"' in html and "<html" not in html
    assert 'name="text"' in html  # the card form of the write phase
    assert as_member("sm").post(room_url(retro, "phase/"), {"phase": "review"}, headers=HTMX).status_code == 409


def test_a_developer_moving_the_phase_is_403(as_member, retro):
    response = as_member("dev").post(room_url(retro, "phase/"), {"phase": "write"})
    assert response.status_code == 403
    assert "Scrum Master" in response.content.decode()


def test_a_card_added_without_javascript_redirects_back(as_member, retro, move_to):
    move_to(retro, "write")
    response = as_member("dev").post(room_url(retro, "cards/"), {"column": "pluses", "text": "Nice demo"})
    assert (response.status_code, response["Location"]) == (302, room_url(retro))
    assert Card.objects.get().text == "Nice demo"


def test_a_bad_column_is_400_naming_column_and_keeps_the_text(as_member, retro, move_to):
    move_to(retro, "write")
    response = as_member("dev").post(room_url(retro, "cards/"), {"column": "mad", "text": "Grr"}, headers=HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "column: " in html and ">Grr</textarea>" in html


@pytest.mark.parametrize(
    ("phase", "path", "data", "field"),
    [
        ("write", "cards/", {"column": "pluses", "text": "Nice\x00demo"}, "text"),
        ("discuss", "actions/", {"text": "Fix\x00CI", "owner": "dave"}, "text"),
        ("discuss", "actions/", {"text": "Fix CI", "owner": "dave\x00"}, "owner"),
    ],
)
def test_a_nul_character_is_400_naming_the_field_and_writes_nothing(
    as_member, retro, move_to, phase, path, data, field
):
    # A form post can carry one (the API's serializers refuse it already); PostgreSQL cannot store it.
    move_to(retro, phase)
    response = as_member("dev").post(room_url(retro, path), data, headers=HTMX)
    assert response.status_code == 400
    assert f"{field}: " in response.content.decode()
    assert not Card.objects.exists() and not Action.objects.exists()


def test_card_text_is_escaped_in_the_room(as_member, team, retro, move_to):
    move_to(retro, "write")
    services.card_add(acting=team.po, retro=retro, column="pluses", text="<script>alert(1)</script>")
    html = as_member("dev").get(room_url(retro, "wall/"), headers=HTMX).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_card_and_action_text_is_escaped_in_every_phase_and_the_next_review(as_member, team, retro, move_to):
    markup = '<img src=x onerror="alert(1)">'
    client = as_member("dev")
    move_to(retro, "write")
    card = services.card_add(acting=team.po, retro=retro, column="pluses", text=f"Card {markup}")
    seen = []
    for phase in ("write", "vote", "discuss", "closed"):
        if phase != "write":
            move_to(retro, phase)
        if phase == "discuss":
            services.action_add(acting=team.sm, retro=retro, text=f"Action {markup}", owner="dave", card=card.pk)
        for path in ("", "stage/", "wall/"):
            html = client.get(room_url(retro, path), headers=HTMX).content.decode()
            assert "<img" not in html, (phase, path)
            seen.append(html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"))
    sprint_create(acting=team.sm)
    review = client.get(room_url(services.retro_open(acting=team.sm, sprint=2))).content.decode()
    assert "<img" not in review and "Action &lt;img src=x" in review
    assert "<img" not in client.get("/b/apollo/board/").content.decode()
    assert all(seen)


def test_hidden_cards_are_not_in_the_html_only_their_counts(as_member, team, retro, move_to):
    Retro.objects.filter(pk=retro.pk).update(hidden=True)
    move_to(retro, "write")
    services.card_add(acting=team.po, retro=retro, column="minuses", text="Secret gripe")
    services.card_add(acting=team.po, retro=retro, column="minuses", text="Another")
    html = as_member("dev").get(room_url(retro)).content.decode()
    assert "Secret gripe" not in html and "Another" not in html
    assert 'data-testid="count-minuses">2</span>' in html
    assert "Secret gripe" in as_member("po").get(room_url(retro, "wall/"), headers=HTMX).content.decode()


def test_an_anonymous_cards_author_is_not_in_the_html(as_member, team, retro, move_to):
    move_to(retro, "write")
    services.card_add(acting=team.dev, retro=retro, column="minuses", text="Flaky CI", anonymous=True)
    card = as_member("po").get(room_url(retro, "wall/"), headers=HTMX).content.decode().split('data-card-id="', 1)[1]
    card = card.split("</li>", 1)[0]
    assert "Flaky CI" in card and "anonymous" in card and "dave" not in card
    own = as_member("dev").get(room_url(retro, "wall/"), headers=HTMX).content.decode()
    assert "you (anonymous)" in own


@pytest.fixture
def voting(team, retro, move_to):
    move_to(retro, "write")
    cards = [
        services.card_add(acting=team.po, retro=retro, column="pluses", text="Pairing"),
        services.card_add(acting=team.po, retro=retro, column="minuses", text="Flaky CI"),
    ]
    move_to(retro, "vote")
    return retro, cards


def test_voting_shows_the_votes_left_and_only_my_votes(as_member, team, voting):
    retro, (pairing, flaky) = voting
    services.vote_cast(acting=team.po, retro=retro, card_id=flaky.pk)
    services.vote_cast(acting=team.po, retro=retro, card_id=flaky.pk)
    response = as_member("dev").post(room_url(retro, f"cards/{pairing.pk}/vote/"), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="retro-wall"' in html
    assert "You have 1 of 2 votes left." in html
    assert "your votes: 1" in html
    assert 'data-testid="votes"' not in html  # no totals: paula's two votes stay hidden


def test_voting_over_the_budget_is_409_with_the_votes_left(as_member, team, voting):
    retro, (pairing, _) = voting
    client = as_member("dev")
    for _ in range(2):
        client.post(room_url(retro, f"cards/{pairing.pk}/vote/"), headers=HTMX)
    response = client.post(room_url(retro, f"cards/{pairing.pk}/vote/"), headers=HTMX)
    assert response.status_code == 409
    assert "0 votes left" in response.content.decode()
    assert Vote.objects.count() == 2
    withdrawn = client.post(room_url(retro, f"cards/{pairing.pk}/unvote/"), headers=HTMX)
    assert "You have 1 of 2 votes left." in withdrawn.content.decode()


def test_the_room_takes_the_same_queries_for_2_or_40_cards(as_member, team, voting):
    retro, _ = voting
    client = as_member("dev")
    with CaptureQueriesContext(connection) as few:
        client.get(room_url(retro))
    Card.objects.bulk_create(
        [Card(retro=retro, column="pluses", text=f"Card {i}", author=team.po.user) for i in range(38)]
    )
    for _ in range(4):
        MembershipFactory(board=team.board)
    with CaptureQueriesContext(connection) as many:
        assert client.get(room_url(retro)).content.decode().count("data-card-id") == 40
    assert len(many) == len(few)


def test_discuss_lists_cards_by_votes_and_adds_actions(as_member, team, voting, move_to):
    retro, (pairing, flaky) = voting
    services.vote_cast(acting=team.po, retro=retro, card_id=flaky.pk)
    move_to(retro, "discuss")
    client = as_member("sm")
    html = client.get(room_url(retro, "wall/"), headers=HTMX).content.decode()
    assert html.index("Flaky CI") < html.index("Pairing")
    assert "1 vote" in html
    body = {"text": "Fix CI", "owner": "dave", "card": str(flaky.pk), "due": "2026-12-01"}
    response = client.post(room_url(retro, "actions/"), body, headers=HTMX)
    assert response.status_code == 200
    assert "Fix CI" in response.content.decode()
    action = Action.objects.get()
    assert (action.owner, action.card, str(action.due)) == (team.dev.user, flaky, "2026-12-01")


@pytest.mark.parametrize("card", ["²", "abc", "999999"])
def test_an_action_from_a_card_that_is_not_there_is_400_naming_card(as_member, retro, move_to, card):
    move_to(retro, "discuss")
    response = as_member("sm").post(
        room_url(retro, "actions/"), {"text": "Fix", "owner": "dave", "card": card}, headers=HTMX
    )
    assert response.status_code == 400
    assert "card: " in response.content.decode()
    assert not Action.objects.exists()


def test_an_owner_who_is_not_a_member_is_400_naming_owner(as_member, retro, move_to):
    move_to(retro, "discuss")
    response = as_member("sm").post(room_url(retro, "actions/"), {"text": "Fix", "owner": "olga"}, headers=HTMX)
    assert response.status_code == 400
    assert "owner: " in response.content.decode()


def test_a_closed_retro_shows_its_summary_and_exports_markdown(as_member, team, voting, move_to):
    retro, _ = voting
    move_to(retro, "closed")
    client = as_member("dev")
    html = client.get(room_url(retro)).content.decode()
    assert "Summary" in html and "Export as Markdown" in html and "Add card" not in html
    assert html.count("<h3>Actions</h3>") == 1 and "<h3>Agreed actions</h3>" in html  # the column, then the actions
    response = client.get(room_url(retro, "export/"))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert "retro-apollo-sprint-1.md" in response["Content-Disposition"]


def test_an_open_retro_is_not_exported(as_member, retro):
    response = as_member("dev").get(room_url(retro, "export/"))
    assert response.status_code == 409
    assert "close it first" in response.content.decode()


def test_the_review_lists_the_last_retros_actions_to_finish_or_carry(as_member, team, retro, move_to):
    move_to(retro, "discuss")
    old = services.action_add(acting=team.sm, retro=retro, text="Fix <CI>", owner="dave")
    done = services.action_add(acting=team.sm, retro=retro, text="Pair more", owner="paula")
    move_to(retro, "closed")
    following = services.retro_open(acting=team.sm, sprint=sprint_create(acting=team.sm).number)
    client = as_member("dev")
    html = client.get(room_url(following)).content.decode()
    assert "Fix &lt;CI&gt;" in html and "Pair more" in html
    carried = client.post(room_url(following, f"actions/{old.pk}/carry/"), headers=HTMX).content.decode()
    assert "Carried into this retro" in carried
    client.post(room_url(following, f"actions/{done.pk}/done/"), headers=HTMX)
    done.refresh_from_db()
    assert done.state == "done"
    html = client.get(room_url(following, "wall/"), headers=HTMX).content.decode()
    # Both stay listed with what became of them, and nothing is left to finish or carry.
    assert "carried over" in html and "✓ done by dave" in html
    assert "Carry over:" not in html and "Done: Pair more" not in html


def test_the_review_still_lists_actions_the_team_ticked_done_on_the_board(as_member, team, retro, move_to):
    move_to(retro, "discuss")
    action = services.action_add(acting=team.sm, retro=retro, text="Demo to the stakeholders", owner="paula")
    move_to(retro, "closed")
    services.action_mark(acting=team.po, action=action, done=True)  # from the board page, between the retros
    following = services.retro_open(acting=team.sm, sprint=sprint_create(acting=team.sm).number)
    html = as_member("dev").get(room_url(following)).content.decode()
    assert "Demo to the stakeholders" in html and "✓ done by paula" in html
    assert "Nothing left over from the last retro." not in html
    review = as_member("dev").get(f"/api/v1/boards/apollo/retros/{following.pk}/").json()["review"]
    assert [(entry["text"], entry["done"]) for entry in review] == [("Demo to the stakeholders", True)]


def test_the_room_is_a_whole_page_and_its_stage_and_wall_answer_htmx_alone(as_member, retro):
    client = as_member("dev")
    assert "<html" in client.get(room_url(retro)).content.decode()
    for path, region_id in (("stage/", "retro-stage"), ("wall/", "retro-wall")):
        response = client.get(room_url(retro, path), headers=HTMX)
        html = response.content.decode()
        assert html.lstrip().startswith(f'<div id="{region_id}"') and "<html" not in html
        assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("path", ["stage/", "stage/?phase=review", "wall/"])
def test_a_plain_visit_to_the_stage_or_the_wall_goes_to_the_room(as_member, retro, path):
    response = as_member("dev").get(room_url(retro, path))
    assert (response.status_code, response["Location"]) == (302, room_url(retro))
    assert "HX-Request" in response["Vary"]


def test_a_refused_card_without_javascript_shows_the_room_with_the_reason_and_the_text(as_member, retro, move_to):
    move_to(retro, "write")
    response = as_member("dev").post(room_url(retro, "cards/"), {"column": "mad", "text": "Grr"})
    html = response.content.decode()
    assert response.status_code == 400 and "<html" in html
    assert "column: " in html and ">Grr</textarea>" in html
    assert not Card.objects.exists()


def test_a_refused_vote_without_javascript_says_why_and_links_back_to_the_room(as_member, team, retro, move_to):
    move_to(retro, "write")
    card = services.card_add(acting=team.po, retro=retro, column="pluses", text="Pairing")
    response = as_member("dev").post(room_url(retro, f"cards/{card.pk}/vote/"))
    assert response.status_code == 409
    assert f'<a href="{room_url(retro)}">Go back</a>' in response.content.decode()
    assert not Vote.objects.exists()


def test_the_stage_is_left_alone_when_the_page_already_shows_the_current_phase(as_member, retro, move_to):
    client = as_member("dev")
    left_alone = client.get(room_url(retro, "stage/?phase=review"), headers=HTMX)
    assert left_alone.status_code == 204 and "HX-Request" in left_alone["Vary"]
    move_to(retro, "write")
    response = client.get(room_url(retro, "stage/?phase=review"), headers=HTMX)
    assert response.status_code == 200
    assert 'id="retro-stage"' in response.content.decode()
    assert "stage/?phase=write" in response.content.decode()
