"""Two imports of one file at once (a double click, two tabs) on PostgreSQL: its issues are created once."""

import pytest

from boards.models import BacklogItem
from conftest import postgres_only
from scrum_app.testing import all_at_once
from transfer.tests.jira_csv import issue, jira_csv
from transfer.tests.test_jira_import import upload

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def test_two_parallel_imports_of_one_file_create_its_issues_once(team):
    data = jira_csv([issue(f"Story {n}", f"APP-{n}", points="3") for n in range(1, 41)])
    answers: list[dict] = []
    calls = [lambda: answers.append(upload(team.po, data).json())] * 2
    assert all_at_once(calls) == []
    assert sorted((answer["created"], answer["skipped"]) for answer in answers) == [(0, 40), (40, 0)]
    assert BacklogItem.objects.filter(board=team.board).count() == 40
    ranks = list(BacklogItem.objects.filter(board=team.board).order_by("rank").values_list("jira_key", flat=True))
    assert ranks == [f"APP-{n}" for n in range(1, 41)]
