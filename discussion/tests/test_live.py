"""A comment added, edited or deleted reaches everyone on the board's pages after commit, by ids only (never its
text); a refused one announces nothing."""

import pytest
from channels.db import database_sync_to_async

from discussion import services
from live.tests.helpers import hears_nothing, run, socket_for
from scrum_app.errors import InvalidInput

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_comments_life_reaches_the_other_members_by_ids(team, item):
    ws = socket_for(team.po.user, "/ws/board/apollo/")

    def life():
        comment = services.comment_create(acting=team.dev, item=item, text="secret plan, @paula")
        services.comment_edit(acting=team.dev, comment=comment, text="secret plan B")
        services.comment_delete(acting=team.sm, comment=comment)
        return comment.pk

    async def scenario():
        assert (await ws.connect())[0]
        comment = await database_sync_to_async(life)()
        heard = [await ws.receive_json_from(timeout=2) for _ in range(3)]
        assert [(e["event"], e["item"], e["comment"]) for e in heard] == [
            (name, item.pk, comment) for name in ("comment.added", "comment.edited", "comment.deleted")
        ]
        assert not any("secret" in str(e) for e in heard)
        assert await ws.receive_nothing(timeout=0.2)
        await ws.disconnect()

    run(scenario)


def test_a_refused_comment_announces_nothing(team, item):
    def refused():
        with pytest.raises(InvalidInput):
            services.comment_create(acting=team.dev, item=item, text=" ")

    hears_nothing(team.po.user, "/ws/board/apollo/", refused)
