"""Every page of the seeded demo, in English and Russian, on a desktop and on a 360 px wide phone, light and dark:
axe-core finds no serious or critical violation, nothing scrolls sideways on the phone, and the board shows one column
at a time there."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from boards.models import BacklogItem, Board
from poker import services as poker_services
from retros.models import Retro
from sprints.models import Sprint, SprintState

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
# Pages their script draws after loading, and what shows it has drawn them: axe checks the page as drawn.
DRAWN_BY_SCRIPT = {"/api/v1/docs/": ".opblock"}
# Pages in English whatever the language asked: Swagger UI has no Russian, and the API schema's texts are English.
ENGLISH_ONLY = {"/api/v1/docs/"}


def demo_pages() -> list[str]:
    board = Board.objects.get(slug="demo")
    base = f"/b/{board.slug}"
    active = Sprint.objects.get(board=board, state=SprintState.ACTIVE)
    planned = Sprint.objects.filter(board=board, state=SprintState.PLANNED).first()
    closed = Sprint.objects.filter(board=board, state=SprintState.CLOSED).last()
    item = BacklogItem.objects.filter(board=board).order_by("rank").first()
    retro = Retro.objects.filter(board=board).last()
    sam = board.memberships.get(user__username="sam")
    session = poker_services.session_start(acting=sam, items=[item.pk])
    return [
        "/",
        f"{base}/",
        f"{base}/refinement/",
        f"{base}/epics/",
        f"{base}/labels/",
        f"{base}/board/",
        f"{base}/items/{item.pk}/",
        f"{base}/sprints/",
        f"{base}/sprints/{active.number}/",
        f"{base}/sprints/{closed.number}/",
        f"{base}/sprints/{planned.number}/plan/",
        f"{base}/velocity/",
        f"{base}/poker/",
        f"{base}/poker/{session.pk}/",
        f"{base}/standups/",
        f"{base}/standups/history/",
        f"{base}/retros/",
        f"{base}/retros/{retro.pk}/",
        f"{base}/reviews/",
        f"{base}/reviews/{closed.number}/",
        f"{base}/settings/",
        "/accounts/preferences/",
        "/accounts/profile/",
        "/accounts/password/change/",
        "/api/v1/docs/",
    ]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_passes_axe_and_fits_the_screen(logged_in, viewport, scheme, language):
    from django.contrib.auth import get_user_model

    from e2e.axe import serious_violations

    call_command("seed_demo", stdout=StringIO())
    page = logged_in(get_user_model().objects.get(username="sam"))
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    # As a browser set to that language asks (Russian words are longer: the widths are checked in both).
    page.set_extra_http_headers({"Accept-Language": language})
    wide, failing = {}, {}
    for path in demo_pages():
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == ("en" if path in ENGLISH_ONLY else language), path
        if path in DRAWN_BY_SCRIPT:
            expect(page.locator(DRAWN_BY_SCRIPT[path]).first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            wide[path] = width
        violations = serious_violations(page)
        if violations:
            failing[path] = violations
    assert wide == {}, f"pages wider than {viewport['width']} px: {wide}"
    assert failing == {}, failing


def test_the_board_shows_one_column_at_a_time_with_a_switcher(logged_in, team):
    from boards.tests.factories import BacklogItemFactory

    BacklogItemFactory(board=team.board, title="Write the login form", status="todo")
    BacklogItemFactory(board=team.board, title="Review the sign-up", status="testing")
    page = logged_in(team.dev.user)
    page.set_viewport_size(PHONE)
    page.goto("/b/apollo/board/")
    todo, testing = (page.get_by_role("link", name=title) for title in ("Write the login form", "Review the sign-up"))
    expect(todo).to_be_visible()
    expect(testing).to_be_hidden()
    switcher = page.get_by_role("navigation", name="Columns")
    expect(switcher.get_by_role("link", name="To do 1")).to_have_attribute("aria-current", "true")

    switcher.get_by_role("link", name="In testing 1").click()
    expect(testing).to_be_visible()
    expect(todo).to_be_hidden()
    expect(switcher.get_by_role("link", name="In testing 1")).to_have_attribute("aria-current", "true")
    box = switcher.get_by_role("link", name="In testing 1").bounding_box()
    assert box["height"] >= 44  # a thumb's target

    page.set_viewport_size({"width": 1280, "height": 900})
    expect(todo).to_be_visible()
    expect(testing).to_be_visible()
    expect(switcher).to_be_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_retro_passes_axe_in_every_phase(logged_in, team, scheme):
    from e2e.axe import serious_violations
    from retros import services as retro_services
    from retros.models import Phase
    from sprints import services as sprint_services

    sprint = sprint_services.sprint_create(acting=team.po, goal="Ship the login")
    retro = retro_services.retro_open(acting=team.sm, sprint=sprint.number)
    page = logged_in(team.sm.user)
    page.emulate_media(color_scheme=scheme)
    failing = {}
    for phase in Phase:
        if phase != Phase.REVIEW:
            retro = retro_services.retro_phase_move(acting=team.sm, retro=retro, phase=phase)
        if phase == Phase.WRITE:
            card = retro_services.card_add(acting=team.dev, retro=retro, column="pluses", text="Pairing helped")
            retro_services.card_add(acting=team.sm, retro=retro, column="minuses", text="Slow CI", anonymous=True)
        if phase == Phase.VOTE:
            retro_services.vote_cast(acting=team.sm, retro=retro, card_id=card.pk)
        if phase == Phase.DISCUSS:
            retro_services.action_add(acting=team.sm, retro=retro, text="Cache the wheels", owner="dave")
        page.goto(f"/b/apollo/retros/{retro.pk}/")
        expect(page.locator(".retro-phases li.current")).to_have_text(str(phase.label))  # a lazy translation
        violations = serious_violations(page)
        if violations:
            failing[phase.value] = violations
    assert failing == {}
