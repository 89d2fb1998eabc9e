import pytest
from django.test import Client

from boards.tests.factories import PASSWORD, UserFactory


@pytest.mark.parametrize("next_", ["0", "-1", "boards:list", "?page=2", "99999999999999999999"])
def test_a_next_that_is_not_a_path_of_ours_goes_to_my_boards(db, next_):
    UserFactory(username="ann")
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/login/", {"username": "ann", "password": PASSWORD, "next": next_})
    assert response.status_code == 302
    assert response["Location"] == "/"
