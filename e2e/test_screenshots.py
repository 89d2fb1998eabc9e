"""The README's screenshot script against the seeded demo: it logs in as the demo people through the login form,
saves its four screenshots, and with --play-retro holds the active sprint's retro up to the discuss phase."""

from io import StringIO

from django.core.cache import cache
from django.core.management import call_command

from retros.models import Action, ActionState, Card, Phase, Retro, Vote
from scripts import screenshots
from sprints.models import SprintState


def test_it_photographs_the_demo_and_holds_the_active_sprints_retro_up_to_discuss_once(browser, live_server, tmp_path):
    cache.clear()  # the login form's rate limit counts per address
    call_command("seed_demo", stdout=StringIO())

    saved = screenshots.take(browser, live_server.url, tmp_path, play=True)

    names = ["screenshot-backlog.png", "screenshot-board.png", "screenshot-standup.png", "screenshot-retro.png"]
    assert [path.name for path in saved] == names
    assert all(path.stat().st_size > 10_000 for path in saved)
    retro = Retro.objects.get(sprint__state=SprintState.ACTIVE)
    assert retro.phase == Phase.DISCUSS
    assert Card.objects.filter(retro=retro).count() == len(screenshots.CARDS)
    assert Card.objects.filter(retro=retro, anonymous=True).count() == 1
    assert Vote.objects.filter(retro=retro).count() == 8
    actions = Action.objects.filter(retro=retro)
    assert {action.text for action in actions} == {
        "Pair on API stories so that none waits on one person",  # carried over in the review
        screenshots.AGREED[0],
    }
    assert Action.objects.filter(state=ActionState.CARRIED).count() == 2  # the demo's own, and the one just carried

    # A second run finds the retro held: it photographs it and writes nothing.
    assert len(screenshots.take(browser, live_server.url, tmp_path, play=True)) == 4
    assert Card.objects.filter(retro__sprint__state=SprintState.ACTIVE).count() == len(screenshots.CARDS)
    assert Retro.objects.get(pk=retro.pk).phase == Phase.DISCUSS


def test_it_photographs_the_russian_ui_on_a_desktop_and_a_phone(browser, live_server, tmp_path):
    cache.clear()
    call_command("seed_demo", stdout=StringIO())

    saved = screenshots.take_russian(browser, live_server.url, tmp_path)  # each page checked to be in Russian

    names = ["screenshot-ru-backlog.png", "screenshot-ru-phone-board.png", "screenshot-ru-phone-standup.png"]
    assert [path.name for path in saved] == names
    assert all(path.stat().st_size > 10_000 for path in saved)
