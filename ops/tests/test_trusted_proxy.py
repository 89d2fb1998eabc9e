import pytest
from django.http import HttpRequest, HttpResponse

from ops.middleware import TrustedProxyMiddleware


def address_seen(*, remote_addr: str, real_ip: str) -> str:
    request = HttpRequest()
    request.META = {"REMOTE_ADDR": remote_addr, "HTTP_X_REAL_IP": real_ip}
    seen = {}

    def view(req: HttpRequest) -> HttpResponse:
        seen["addr"] = req.META["REMOTE_ADDR"]
        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen["addr"]


def test_it_takes_the_client_address_from_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_IPS = ["127.0.0.1"]
    assert address_seen(remote_addr="127.0.0.1", real_ip="203.0.113.7") == "203.0.113.7"


def test_it_trusts_a_proxy_network(settings):
    settings.TRUSTED_PROXY_IPS = ["172.16.0.0/12"]
    assert address_seen(remote_addr="172.18.0.5", real_ip="203.0.113.7") == "203.0.113.7"
    assert address_seen(remote_addr="192.168.1.5", real_ip="203.0.113.7") == "192.168.1.5"


def test_it_keeps_the_peer_when_the_header_is_not_an_address(settings):
    settings.TRUSTED_PROXY_IPS = ["127.0.0.1"]
    assert address_seen(remote_addr="127.0.0.1", real_ip="not-an-ip") == "127.0.0.1"


def test_it_ignores_the_header_from_anyone_else(settings):
    settings.TRUSTED_PROXY_IPS = ["127.0.0.1"]
    assert address_seen(remote_addr="198.51.100.9", real_ip="203.0.113.7") == "198.51.100.9"


@pytest.mark.django_db
def test_it_throttles_logins_per_real_client_behind_the_proxy(client, settings):
    # Behind nginx every request comes from 127.0.0.1: without the real address, one guesser would lock out everyone.
    settings.TRUSTED_PROXY_IPS = ["127.0.0.1"]
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    settings.LOGIN_FAILURES_PER_ACCOUNT = 100
    for attempt in range(3):
        client.post(
            "/accounts/login/",
            {"username": f"nobody{attempt}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="203.0.113.7",
        )
    other = client.post(
        "/accounts/login/",
        {"username": "nobody9", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="198.51.100.20",
    )
    blocked = client.post(
        "/accounts/login/",
        {"username": "nobody8", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.7",
    )
    assert blocked.status_code == 429
    assert other.status_code == 400  # a wrong password, counted against its own address only
