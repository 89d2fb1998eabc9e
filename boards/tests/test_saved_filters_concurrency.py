"""One member saving the same filter name twice at the same instant (two tabs), on PostgreSQL: one row, no error."""

import pytest

from boards import services
from boards.models import SavedFilter
from boards.tests.factories import BoardFactory, MembershipFactory
from conftest import postgres_only
from scrum_app.testing import all_at_once

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def test_two_saves_of_one_name_at_once_keep_one_filter_the_last_one_written():
    for run in range(10):
        member = MembershipFactory(board=BoardFactory(slug=f"race-{run}"))
        queries = ["status=todo", "status=done"]
        errors = all_at_once(
            [
                lambda query=query, member=member: services.saved_filter_save(acting=member, name="Mine", query=query)
                for query in queries
            ]
        )
        assert errors == []
        rows = list(SavedFilter.objects.filter(user=member.user, board=member.board).values_list("name", "query"))
        assert len(rows) == 1 and rows[0][0] == "Mine" and rows[0][1] in queries
