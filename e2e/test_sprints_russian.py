"""A team whose browsers ask for Russian plans, starts and closes a sprint: every step and the charts read in Russian,
htmx's partial answers included, and the pages pass axe-core in Russian too."""

import pytest
from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory
from e2e.axe import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def in_russian(page):
    """The browser asks for Russian, as one set to Russian does: every request, htmx's too."""
    page.context.set_extra_http_headers({"Accept-Language": "ru-RU,ru;q=0.9"})
    return page


def test_a_russian_team_plans_starts_and_closes_a_sprint(team, logged_in):
    login = BacklogItemFactory(board=team.board, title="Вход через SSO", points=5, ready=True)
    vague = BacklogItemFactory(board=team.board, title="Смутная идея", points=None, ready=False)

    po = in_russian(logged_in(team.po.user))
    po.goto("/b/apollo/sprints/")
    expect(po.get_by_role("heading", name="Спринты доски Apollo")).to_be_visible()
    po.get_by_label("Цель").fill("Клиенты входят сами")
    po.get_by_role("button", name="Запланировать спринт").click()
    expect(po.get_by_role("heading", name="Планирование: Спринт 1")).to_be_visible()
    expect(po.locator("#plan-totals")).to_contain_text("прогноза пока нет")

    po.get_by_role("button", name=f"Добавить #{login.pk} Вход через SSO в спринт").click()
    expect(po.locator("#plan-totals")).to_contain_text("5 поинтов в 1 элементе")
    po.get_by_role("button", name=f"Добавить #{vague.pk} Смутная идея в спринт").click()
    expect(po.locator("#plan-warnings")).to_contain_text("1 элемент не оценён.")
    expect(po.locator("#plan-totals")).to_contain_text("5 поинтов в 2 элементах")
    po.get_by_role("button", name=f"Убрать #{vague.pk} Смутная идея из спринта").click()
    expect(po.locator("#plan-warnings")).to_have_count(0)
    assert serious_violations(po) == []

    sm = in_russian(logged_in(team.sm.user))
    sm.goto("/b/apollo/sprints/1/")
    sm.get_by_role("button", name="Начать спринт").click()
    expect(sm.get_by_text("Спринт 1 начат.")).to_be_visible()
    expect(sm.get_by_role("heading", name="Диаграмма сгорания")).to_be_visible()
    expect(sm.locator("svg.burndown circle.remaining title").first).to_contain_text("осталось 5 поинтов")
    # The drawing is drawn: its lines have their points, which a Russian 1,5 in a coordinate would have broken.
    assert sm.locator("svg.burndown polyline.ideal").evaluate("line => line.points.numberOfItems") > 1
    assert serious_violations(sm) == []

    sm.get_by_label("в начало бэклога").check()
    sm.get_by_role("button", name="Закрыть спринт").click()
    expect(sm.get_by_text("Спринт 1 закрыт.")).to_be_visible()
    expect(sm.locator(".sprint-meta")).to_contain_text("выполнено 0 поинтов")
    sm.goto("/b/apollo/velocity/")
    expect(sm.locator("#forecast")).to_have_text("0 поинтов")
    assert serious_violations(sm) == []
