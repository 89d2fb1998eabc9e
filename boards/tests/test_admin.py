import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from boards.models import BacklogItem, Board, ItemEvent
from boards.tests.factories import BacklogItemFactory
from scrum_app.testing import form_data


@pytest.fixture
def admin_client_(db):
    superuser = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client = Client()
    client.force_login(superuser)
    return client


def test_it_registers_every_model_of_our_apps(db):
    from django.apps import apps
    from django.conf import settings

    ours = [
        model
        for config in apps.get_app_configs()
        if config.path.startswith(str(settings.BASE_DIR)) and ".venv" not in config.path
        for model in config.get_models()
    ]
    assert len(ours) >= 6
    missing = [m.__name__ for m in ours if m not in admin.site._registry]
    assert missing == []


def test_every_admin_list_page_answers(admin_client_, team):
    BacklogItemFactory(board=team.board)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert admin_client_.get(url).status_code == 200, url


def test_an_admin_edit_goes_through_the_service_and_enters_history(admin_client_, team):
    item = BacklogItemFactory(board=team.board, title="Checkout", points=3)
    url = reverse("admin:boards_backlogitem_change", args=[item.pk])
    response = admin_client_.post(
        url,
        {
            "kind": "story",
            "title": "Checkout",
            "points": "8",
            "status": "testing",
            "description": "",
            "acceptance_criteria": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    item.refresh_from_db()
    assert (item.points, item.status) == (8, "testing")
    changes = set(ItemEvent.objects.filter(item=item).values_list("field", "old_value", "new_value"))
    assert changes == {("points", "3", "8"), ("status", "todo", "testing")}


def test_an_admin_add_puts_the_item_at_the_bottom(admin_client_, team):
    last = BacklogItemFactory(board=team.board)
    response = admin_client_.post(
        reverse("admin:boards_backlogitem_add"),
        {
            "board": team.board.pk,
            "kind": "bug",
            "title": "Crash",
            "status": "todo",
            "description": "",
            "acceptance_criteria": "",
            "points": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    created = BacklogItem.objects.get(title="Crash")
    assert created.rank > last.rank
    assert ItemEvent.objects.filter(item=created, field="created").exists()


def test_an_admin_change_of_a_board_makes_a_settings_form_opened_before_it_stale(admin_client_, team):
    url = reverse("admin:boards_board_change", args=[team.board.pk])
    data = form_data(admin_client_.get(url).content.decode(), "")
    data["name"] = ["Artemis"]
    response = admin_client_.post(url, data)
    assert response.status_code == 302
    assert (Board.objects.get().name, Board.objects.get().version) == ("Artemis", 2)
