"""An item's editable fields are defined once (BacklogItem.EDITABLE and the model's fields): every way in offers
the same fields and holds them to the same limits."""

import pytest
from django.urls import reverse

from boards import services
from boards.api.serializers import ItemIn
from boards.models import ITEM_TEXT_LIMITS, BacklogItem
from boards.services.labels import label_create
from boards.tests.api_client import api_as
from scrum_app.errors import InvalidInput

pytestmark = pytest.mark.django_db


def test_the_item_page_the_api_and_the_admin_offer_every_editable_field(team, client_for, admin_client):
    item = services.item_create(board=team.board, actor=team.po.user, title="Export")
    label_create(acting=team.dev, name="UX")  # the labels picker offers the board's labels
    page = client_for(team.dev.user).get(f"/b/apollo/items/{item.pk}/").content.decode()
    admin_page = admin_client.get(reverse("admin:boards_backlogitem_change", args=[item.pk])).content.decode()
    for name in BacklogItem.EDITABLE:
        assert f'name="{name}"' in page, name
        assert f'name="{name}"' in admin_page, name
    # Labels are a relation, set beside the fields (boards.services.labels).
    assert set(ItemIn().fields) == {*BacklogItem.EDITABLE, "labels"}
    assert 'name="labels"' in page


def test_the_text_limits_are_the_models_own(team):
    assert ITEM_TEXT_LIMITS == {"title": 200, "description": 20000, "acceptance_criteria": 20000}


@pytest.mark.parametrize("field", sorted(ITEM_TEXT_LIMITS))
def test_one_character_over_a_limit_is_refused_on_the_page_and_in_the_api(team, client_for, field):
    item = services.item_create(board=team.board, actor=team.po.user, title="Export")
    too_long = "x" * (ITEM_TEXT_LIMITS[field] + 1)
    page = client_for(team.dev.user).post(
        f"/b/apollo/items/{item.pk}/", {"title": "Export", "kind": "story", "status": "todo", field: too_long}
    )
    assert page.status_code == 400
    assert field in page.context["form"].errors
    api = api_as(team.dev.user).patch(f"/api/v1/boards/apollo/items/{item.pk}/", {field: too_long}, format="json")
    assert api.status_code == 400
    assert field in api.json()
    item.refresh_from_db()
    assert getattr(item, field) != too_long


def test_a_field_that_is_not_editable_is_refused_by_the_service(team):
    item = services.item_create(board=team.board, actor=team.po.user, title="Export")
    with pytest.raises(InvalidInput) as refused:
        services.item_update(actor=team.po.user, item=item, rank=1)
    assert refused.value.field == "rank"
