from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client_for(db) -> Callable[[AbstractBaseUser | None], Client]:
    """`client_for(user)` is a test client logged in as that user; `client_for(None)` stays anonymous."""

    def make(user: AbstractBaseUser | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
