from boards.models import Board, Membership, Role
from boards.tests.factories import BoardFactory, MembershipFactory


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_lists_only_my_boards_with_links(team, client_for):
    BoardFactory(name="Secret board", slug="secret")
    response = client_for(team.dev.user).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/b/apollo/"' in html
    assert "3 members" in html
    assert "Secret board" not in html


def test_it_says_when_i_am_on_no_board(team, client_for):
    response = client_for(team.outsider).get("/")
    assert "You are not on any board yet" in response.content.decode()


def test_it_creates_a_board_and_makes_me_its_scrum_master(team, client_for):
    response = client_for(team.outsider).post(
        "/boards/new/", {"name": "Gemini", "slug": "", "sprint_length_weeks": "3"}
    )
    board = Board.objects.get(name="Gemini")
    assert response.status_code == 302
    assert response["Location"] == f"/b/{board.slug}/"
    assert board.slug == "gemini"
    assert board.sprint_length_weeks == 3
    assert Membership.objects.get(board=board).role == Role.SCRUM_MASTER


def test_it_refuses_a_taken_slug_naming_the_field_and_keeping_the_input(team, client_for):
    response = client_for(team.outsider).post(
        "/boards/new/", {"name": "Another Apollo", "slug": "apollo", "sprint_length_weeks": "2"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "The slug &#x27;apollo&#x27; is taken." in html
    assert 'value="Another Apollo"' in html
    assert Board.objects.filter(name="Another Apollo").count() == 0


def test_it_refuses_a_missing_name_and_a_bad_sprint_length(team, client_for):
    response = client_for(team.outsider).post("/boards/new/", {"name": "", "sprint_length_weeks": "5"})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"name", "sprint_length_weeks"}
    assert Board.objects.count() == 1


def test_it_lists_boards_in_a_constant_number_of_queries(team, client_for, django_assert_max_num_queries):
    client = client_for(team.dev.user)
    client.get("/")
    for _ in range(20):
        MembershipFactory(user=team.dev.user)
    with django_assert_max_num_queries(4):
        client.get("/")
