"""Hostile values to every endpoint and every form: never a server error, and under /api/ always a JSON answer.

The endpoints come from the OpenAPI schema (each operation, its path parameters, query parameters and request body
fields) and the pages from the URLconf (every route outside /api/ and the admin, posted with the fields of the forms
its pages render), so a new endpoint or form is covered without touching this file. Values: NUL, lone surrogates,
1 MB strings, huge and negative numbers, wrong types, deep nesting. The Scrum Master of a board with a sprint, a
poker session, a retro and a stand-up sends them all.

It runs in the normal suite; CI runs it on PostgreSQL, whose refusal of NUL in text is what it most needs to meet.
"""

import datetime as dt
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from drf_spectacular.generators import SchemaGenerator

from accounts.services import api_token_create
from boards import services as boards
from boards.services.labels import label_create
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory
from discussion.services import comment_create
from notifications.emails import unsubscribe_token
from notifications.models import Notification
from notifications.services import notify
from poker import services as poker
from retros import services as retros
from reviews import services as reviews
from reviews.tests.dates import near_its_end
from sprints import services as sprints
from standups.models import Blocker
from standups.services import standup_entry_save
from timers.services import timer_start

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)
HUGE = 10**20
MEGABYTE = "x" * 1_000_000

# Values inside a JSON body, each sent as one field's value and as every field's value at once; the others only as
# every field's (the big ones cost the most, and each fails the same way on any field).
JSON_VALUES = ["\x00", "\ud800", str(HUGE), HUGE, -HUGE, -1, 1.5, True, None, [], {}]
JSON_VALUES_TOGETHER = [
    "a\x00b",
    "a\udfffb",
    "",
    f"-{HUGE}",
    "2026-02-30",
    2**63,
    0,
    1e308,
    [HUGE],
    {"a": "\x00"},
    MEGABYTE,
    "9" * 5000,
    json.loads("[" * 30 + "]" * 30),
]
# Whole JSON bodies, as raw bytes.
RAW_BODIES = [
    b"[" * 10_000 + b"]" * 10_000,
    b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
    b'"' + MEGABYTE.encode() + b'"',
    b"{" + b'"a":1,' * 50_000 + b'"b":1}',
    b'{"\\u0000": 1, "\\ud800": 2}',
    b"[]",
    b"{}",
    b"null",
    b"1e999999",
    b"9" * 5000,
    b"\xff\xfe\x00",
    b"not json",
]
# What arrives as text: in a path segment, a query, a form field (each sent alone, or to every field at once).
PATH_VALUES = ["%00", "%ED%A0%80", str(HUGE), "x" * 3000]
QUERY_VALUES = ["%00", str(HUGE), "-1", "x" * 3000]
FORM_VALUES_ALONE = ["\x00", str(HUGE), MEGABYTE]
FORM_VALUES = ["\x00", "\ud800", str(HUGE), "-1", "1.5", "x" * 3000]


@pytest.fixture
def scene(team):
    """Apollo on a Monday: sprint 1 active, sprint 2 planned, a stand-up entry with a blocker, a poker session, and
    sprint 1's retro in discuss with a card and an action. Returns the value of every path parameter."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        planned = [BacklogItemFactory(board=team.board, title=t, points=3) for t in ("Login", "Search")]
        BacklogItemFactory(board=team.board, title="Export")
        sprint = sprints.sprint_create(acting=team.sm, goal="Accounts")
        sprints.sprint_add_items(acting=team.sm, sprint=sprint, item_ids=[i.pk for i in planned])
        sprints.sprint_start(acting=team.sm, sprint=sprint)
        sprints.sprint_create(acting=team.sm)
        standup_entry_save(acting=team.sm, day=MONDAY, done="Login", blockers="Staging is down")
        session = poker.session_start(acting=team.sm)
        retro = retros.retro_open(acting=team.sm, sprint=1)
        retros.retro_phase_move(acting=team.sm, retro=retro, phase="write")
        card = retros.card_add(acting=team.sm, retro=retro, column="pluses", text="Pairing")
        retros.retro_phase_move(acting=team.sm, retro=retro, phase="discuss")
        action = retros.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave")
        invitation = boards.invitation_create(acting=team.sm, username=team.outsider.username)
        by_email = boards.invitation_create(acting=team.sm, email="new@example.com")
        api_token, _secret = api_token_create(user=team.sm.user, name="CI")
        saved = boards.saved_filter_save(acting=team.sm, name="Mine", query="status=todo")
        timer = timer_start(acting=team.sm, ceremony="review")
        review = reviews.review_open(acting=team.sm, sprint=near_its_end(sprint))
        note = reviews.feedback_add(acting=team.sm, review=review, text="Export to CSV")
        label = label_create(acting=team.sm, name="UX")
        entry = boards.checklist_entry_add(acting=team.sm, item_id=planned[0].pk, text="Write the migration")
        notify(
            kind="assigned",
            recipients=[team.sm.user],
            actor=team.dev.user,
            board_id=team.board.pk,
            item_id=planned[0].pk,
            text="Login",
            key="hostile",
        )
        comment = comment_create(acting=team.sm, item=planned[0], text="Looks **good**")
        yield {
            "slug": "apollo",
            "item_id": planned[0].pk,
            "number": 1,
            "date": MONDAY.isoformat(),
            "username": "dave",
            "blocker_id": Blocker.objects.get(board=team.board).pk,
            "session_id": session.pk,
            "retro_id": retro.pk,
            "card_id": card.pk,
            "action_id": action.pk,
            "invitation_id": invitation.pk,
            "timer_id": timer.pk,
            "ceremony": "review",
            "feedback_id": note.pk,
            "label_id": label.pk,
            "filter_id": saved.pk,
            "entry_id": entry.pk,
            "comment_id": comment.pk,
            "token_id": api_token.pk,
            "token": by_email.token,
            "signed": "not-signed",
            "uidb64": "MQ",
            "notification_id": Notification.objects.get(recipient=team.sm.user).pk,
            "unsubscribe_token": unsubscribe_token(user_id=team.sm.user.pk, kind="assigned"),
        }


class Failures(list):
    def check(self, what: str, response, *, api: bool) -> None:
        status = response.status_code
        if status >= 500:
            self.append(f"{what}: {status} {response.content[:200]!r}")
        elif api and status >= 400 and response.get("Content-Type") != "application/json":
            self.append(f"{what}: {status} is not JSON but {response.get('Content-Type')}")


def send(client, failures: Failures, method: str, url: str, *, api: bool, what: str = "", **kwargs) -> None:
    """One request in a savepoint, so that a failing one (PostgreSQL aborts the transaction) spoils no other."""
    with transaction.atomic():
        response = getattr(client, method)(url, **kwargs)
        failures.check(f"{method.upper()} {url[:120]} {what}".strip(), response, api=api)
        if response.status_code >= 500:
            transaction.set_rollback(True)


# --- the API, from its schema ------------------------------------------------------------------------------------


def api_operations() -> Iterator[tuple[str, str, dict]]:
    """(method, path template, operation) of every operation, deletions last (so they leave the others something)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        (method, path, op | {"components": schema["components"]["schemas"]})
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]
    return sorted(operations, key=lambda o: o[0] == "delete")


def body_shape(op: dict) -> tuple[list[str], bool] | None:
    """The request body's field names and whether it is a list of such objects, or None without a JSON body."""
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body is None:
        return None
    many = body.get("type") == "array"
    ref = (body["items"] if many else body).get("$ref", "")
    properties = op["components"].get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
    return sorted(properties), many


def fill(template: str, params: dict, **override: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(override.get(m[1], params[m[1]])), template)


def test_no_api_operation_answers_a_hostile_value_with_a_server_error(team, scene):
    client = api_as(team.sm)
    client.raise_request_exception = False
    failures = Failures()
    operations = list(api_operations())
    assert len(operations) > 40
    for method, template, op in operations:
        url = fill(template, scene)
        for name in re.findall(r"\{(\w+)\}", template):
            for value in PATH_VALUES:
                send(client, failures, method, fill(template, scene, **{name: value}), api=True)
        if method == "get":
            names = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"} | {"page", "page_size"}
            for value in QUERY_VALUES:
                for name in names:
                    send(client, failures, method, f"{url}?{name}={value}", api=True)
        shape = body_shape(op)
        if shape is None:
            continue
        fields, many = shape
        for raw in RAW_BODIES:
            what = f"body {raw[:30]!r}"
            send(client, failures, method, url, api=True, what=what, data=raw, content_type="application/json")
        alone = [{name: value} for value in JSON_VALUES for name in fields]
        for body in alone + [dict.fromkeys(fields, value) for value in JSON_VALUES + JSON_VALUES_TOGETHER]:
            payload = json.dumps([body] if many else body)
            what = f"body {payload[:80]}"
            send(client, failures, method, url, api=True, what=what, data=payload, content_type="application/json")
        for value in ("%00", "a%00b", "%ED%A0%80"):
            form = "&".join(f"{name}={value}" for name in fields)
            kind = "application/x-www-form-urlencoded"
            send(client, failures, method, url, api=True, what=f"form {form[:80]}", data=form, content_type=kind)
    assert not failures, "\n".join(failures)


# --- the pages, from the URLconf ---------------------------------------------------------------------------------


def page_routes() -> Iterator[str]:
    """The route of every page (outside /api/ and the admin), e.g. "b/<slug:slug>/items/<int:item_id>/edit/"."""

    def walk(patterns, prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(("api/", "admin/")):
                continue
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return walk(get_resolver().url_patterns, "")


def page_url(route: str, params: dict, **override: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(override.get(m[1], params[m[1]])), route)


class Forms(HTMLParser):
    """The fields of a page's forms and htmx posts, by the address they post to."""

    def __init__(self, page: str, found: dict[str, set[str]]) -> None:
        super().__init__()
        self.page, self.found, self.action = page, found, None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        posts_to = attr.get("hx-post") or (attr.get("action") or self.page if tag == "form" else None)
        if posts_to is not None:
            self.action = urlsplit(posts_to).path or self.page
            self.found.setdefault(self.action, set())
        if tag in ("input", "select", "textarea", "button") and attr.get("name") and self.action:
            self.found[self.action].add(attr["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.action = None


def test_no_page_answers_a_hostile_value_with_a_server_error(team, scene):
    client = Client(raise_request_exception=False)
    client.force_login(team.sm.user)
    failures = Failures()
    routes = sorted(set(page_routes()), key=lambda r: "delete" in r or "remove" in r)
    assert len(routes) > 40
    forms: dict[str, set[str]] = {}
    pages = set()
    for route in routes:
        url = page_url(route, scene)
        response = client.get(url)
        failures.check(f"GET {url}", response, api=False)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.add(url)
            Forms(url, forms).feed(response.content.decode())
    every_field = set().union(*forms.values()) - {"csrfmiddlewaretoken"}
    assert len(every_field) > 20
    for route in routes:
        url = page_url(route, scene)
        for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
            for value in PATH_VALUES:
                send(client, failures, "post", page_url(route, scene, **{name: value}), api=False)
        if url in pages:
            for value in QUERY_VALUES:
                query = "&".join(f"{name}={value}" for name in sorted(every_field))
                send(client, failures, "get", f"{url}?{query}", api=False)
        own = sorted(forms.get(url, set()) - {"csrfmiddlewaretoken"})
        bodies = [{name: value} for value in FORM_VALUES_ALONE for name in own]
        for data in bodies + [dict.fromkeys(every_field, value) for value in FORM_VALUES]:
            send(client, failures, "post", url, api=False, what=f"form {str(data)[:80]}", **_form(data))
    assert not failures, "\n".join(failures)


def _form(data: dict[str, str]) -> dict:
    """A form body; a lone surrogate, which a browser cannot send either, goes as the bytes a broken client would."""
    if not any("\ud800" in value for value in data.values()):
        return {"data": data}
    body = "&".join(f"{name}=%ED%A0%80" for name in data)
    return {"data": body, "content_type": "application/x-www-form-urlencoded"}


def test_the_forms_found_include_the_backlog_s_and_the_retro_s(team, scene):
    client = Client()
    client.force_login(team.sm.user)
    forms: dict[str, set[str]] = {}
    for url in ("/b/apollo/", f"/b/apollo/retros/{scene['retro_id']}/"):
        Forms(url, forms).feed(client.get(url).content.decode())
    assert {"title", "points"} <= forms["/b/apollo/items/new/"]
    try:
        assert resolve(next(a for a in forms if "/retros/" in a and "actions" in a))
    except (StopIteration, Resolver404):
        pytest.fail(f"no retro action form among {sorted(forms)}")
