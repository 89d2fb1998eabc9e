"""The login counters in the admin: found by a user name or an address, deleted to lift a lockout."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from boards.tests.factories import PASSWORD, UserFactory

CHANGELIST = "/admin/accounts/logincounter/"


def login(username, password, address):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})


@pytest.fixture
def support(db):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))
    return client


def found(support, term):
    return support.get(CHANGELIST, {"q": term}).context["cl"].result_list


def kinds(rows):
    return {row.key.split(":")[0] for row in rows}


@override_settings(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=2)
def test_support_finds_a_users_counters_by_name_or_address_and_deleting_them_lifts_the_lockout(support):
    UserFactory(username="sam")
    login("sam", "guess", "10.0.0.1")
    login("sam", "guess", "10.0.0.1")
    login("olga", "guess", "10.0.0.2")
    assert login("sam", PASSWORD, "10.0.0.1").status_code == 429

    assert kinds(found(support, "ＳＡＭ")) == {"acct", "pair"}  # any spelling that logs in as sam
    assert kinds(found(support, "10.0.0.1")) == {"addr", "pair"}
    assert kinds(found(support, "nobody")) == set()

    response = support.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [row.pk for row in found(support, "sam")], "post": "yes"},
    )
    assert response.status_code == 302
    assert login("sam", PASSWORD, "10.0.0.1").status_code == 302
    assert kinds(found(support, "olga")) == {"acct", "pair"}  # the others' are kept


def test_counters_are_not_added_or_edited_by_hand(support):
    assert support.get(CHANGELIST + "add/").status_code == 403
