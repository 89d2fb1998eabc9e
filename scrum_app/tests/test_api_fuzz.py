"""The API answers what its OpenAPI schema says, whatever it is sent: schemathesis over /api/v1/schema/.

Every operation of the served schema gets generated requests, valid ones and invalid ones, sent as a member of a board
full of real objects (sprints, items, a poker session, retros with cards and an action, a blocker), so that path
parameters mostly hit those objects and the requests get past the 404s. A 5xx, a status code the operation does not
document, a body that does not match its documented schema or a content type it does not list fails the test, which
lists every operation that failed with a request to reproduce it. Each request runs in a savepoint rolled back after
it, so every one meets the same board. The seed is fixed: CI sends the same requests every time.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from boards import services as board_services
from boards.tests.factories import BacklogItemFactory
from poker import services as poker_services
from retros import services as retro_services
from reviews import services as review_services
from reviews.tests.dates import near_its_end
from sprints import services as sprint_services
from standups import services as standup_services
from timers import services as timer_services

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Per operation, half valid and half invalid requests; the total must stay above MINIMUM_CASES.
EXAMPLES_PER_MODE = 12
MINIMUM_CASES = 1000
# How often a path parameter is a real object's rather than whatever the schema allows.
REAL_PARAMETER_WEIGHT = 7


def _board(team: Any) -> dict[str, list[Any]]:
    """Apollo with a closed sprint 1 (its retro closed, with a card and an action), an active sprint 2 around today
    (its retro in the vote phase, with a card), a planned sprint 3, a poker session on the backlog and an open
    blocker from today's stand-up. Returns the real values of each path parameter."""
    board = team.board
    board.working_days = [1, 2, 3, 4, 5, 6, 7]  # today is a stand-up day, whatever day the test runs
    board.save(update_fields=["working_days"])
    today = board.today()
    day = dt.timedelta(days=1)
    items = [BacklogItemFactory(board=board, title=f"Story {n}", points=3) for n in range(6)]
    sm, po = team.sm, team.po

    first = sprint_services.sprint_create(acting=sm, goal="Sign-up", start_date=today - 28 * day, end_date=today - day)
    sprint_services.sprint_add_items(acting=sm, sprint=first, item_ids=[items[0].pk])
    sprint_services.sprint_start(acting=sm, sprint=first)
    sprint_services.sprint_close(acting=sm, sprint=first)
    old_retro = retro_services.retro_open(acting=sm, sprint=1)
    retro_services.retro_phase_move(acting=sm, retro=old_retro, phase="write")
    old_card = retro_services.card_add(acting=po, retro=old_retro, column="pluses", text="Pairing")
    retro_services.retro_phase_move(acting=sm, retro=old_retro, phase="discuss")
    action = retro_services.action_add(acting=sm, retro=old_retro, text="Pair more", owner="dave", card=old_card.pk)
    retro_services.retro_phase_move(acting=sm, retro=old_retro, phase="closed")

    second = sprint_services.sprint_create(acting=sm, goal="Search", start_date=today, end_date=today + 13 * day)
    sprint_services.sprint_add_items(acting=sm, sprint=second, item_ids=[items[1].pk, items[2].pk])
    sprint_services.sprint_start(acting=sm, sprint=second)
    sprint_services.sprint_create(acting=po, goal="Export")
    retro = retro_services.retro_open(acting=sm, sprint=2)
    retro_services.retro_phase_move(acting=sm, retro=retro, phase="write")
    card = retro_services.card_add(acting=team.dev, retro=retro, column="minuses", text="Flaky CI", anonymous=True)
    retro_services.retro_phase_move(acting=sm, retro=retro, phase="vote")

    session = poker_services.session_start(acting=sm, items=[items[3].pk, items[4].pk])
    poker_services.cast_vote(acting=team.dev, session=session, card="5")
    entry = standup_services.standup_entry_save(
        acting=team.dev, day=today, done="Login", blockers=f"Waiting on #{items[1].pk}"
    )
    timers = [timer_services.timer_start(acting=sm, ceremony=name) for name in ("review", "standup")]
    review = review_services.review_open(acting=sm, sprint=near_its_end(first))
    note = review_services.feedback_add(acting=team.dev, review=review, text="Export to CSV")
    entries = [
        board_services.checklist_entry_add(acting=team.dev, item_id=items[0].pk, text=text)
        for text in ("Schema", "Tests")
    ]
    return {
        "slug": [board.slug],
        "item_id": [item.pk for item in items],
        "number": [1, 2, 3],
        "session_id": [session.pk],
        "retro_id": [retro.pk, old_retro.pk],
        "card_id": [card.pk, old_card.pk],
        "action_id": [action.pk],
        "blocker_id": list(entry.raised.values_list("pk", flat=True)),
        "date": [today.isoformat(), (today - day).isoformat()],
        "username": ["dave", "paula", "sam"],
        "timer_id": [timer.pk for timer in timers],
        "feedback_id": [note.pk],
        "entry_id": [entry.pk for entry in entries],
    }


@contextmanager
def _app() -> Iterator[WSGIHandler]:
    """The project's WSGI application, keeping the test's database connection (and its transaction) across
    requests, as Django's test client does: a real request would close it when it ends."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _fuzz(operation: Any, real: dict[str, list[Any]], tokens: list[str], sent: list[int]) -> Callable[[], None]:
    strategy = st.one_of(
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=2 * EXAMPLES_PER_MODE,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the report's request reproduces the failure
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=strategy, data=st.data())
    def run(case: Any, data: st.DataObject) -> None:
        for name in case.path_parameters or {}:
            if real.get(name) and data.draw(st.integers(0, REAL_PARAMETER_WEIGHT), label=f"real {name}"):
                case.path_parameters[name] = data.draw(st.sampled_from(real[name]), label=name)
        token = data.draw(st.sampled_from(tokens), label="token")
        with transaction.atomic():
            sent[0] += 1
            try:
                case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
            finally:
                transaction.set_rollback(True)

    return run


@pytest.fixture
def _fresh_counters() -> Iterator[None]:
    """The token endpoint's failed-login counters live in the cache, which no rollback undoes: none before, none
    left behind for the next test."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("_fresh_counters")
def test_every_operation_answers_as_its_schema_says(team):
    real = _board(team)
    # The Scrum Master most often (they may do the most), the Product Owner and a developer now and then.
    members = [team.sm, team.sm, team.po, team.dev]
    tokens = [Token.objects.get_or_create(user=member.user)[0].key for member in members]
    failures, sent, operations = [], [0], 0
    with _app() as app:
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", app)
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1
            try:
                _fuzz(operation, real, tokens, sent)()
            except (Exception, BaseExceptionGroup) as error:  # every operation's failures, not only the first's
                failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    summary = f"{sent[0]} generated requests over {operations} operations"
    assert operations >= 50, summary
    assert not failures, "\n\n".join([summary, *failures])
    assert sent[0] >= MINIMUM_CASES, summary
