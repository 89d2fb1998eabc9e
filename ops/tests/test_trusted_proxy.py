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


@pytest.mark.parametrize(
    ("trusted", "remote_addr", "real_ip", "seen"),
    [
        pytest.param("127.0.0.1", "127.0.0.1", "203.0.113.7", "203.0.113.7", id="the client's address from the proxy"),
        pytest.param("172.16.0.0/12", "172.18.0.5", "203.0.113.7", "203.0.113.7", id="a proxy in a trusted network"),
        pytest.param("172.16.0.0/12", "192.168.1.5", "203.0.113.7", "192.168.1.5", id="a peer outside that network"),
        pytest.param("127.0.0.1", "127.0.0.1", "not-an-ip", "127.0.0.1", id="a header that is not an address"),
        pytest.param("127.0.0.1", "198.51.100.9", "203.0.113.7", "198.51.100.9", id="the header from anyone else"),
    ],
)
def test_it_takes_the_client_address_only_from_a_trusted_proxy(settings, trusted, remote_addr, real_ip, seen):
    settings.TRUSTED_PROXY_IPS = [trusted]
    assert address_seen(remote_addr=remote_addr, real_ip=real_ip) == seen


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
