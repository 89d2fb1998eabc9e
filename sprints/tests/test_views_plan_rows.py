"""The planning page's rows are built in Python (sprints/plan_rows.py): a typed title stays text."""

from django.test import Client

from boards.tests.factories import BacklogItemFactory
from sprints import services


def test_a_title_is_text_on_both_sides_and_in_the_buttons_names(team):
    sprint = services.sprint_create(acting=team.po, goal="Ship")
    planned = BacklogItemFactory(board=team.board, title="<b>in</b> & 'out'", points=3)
    services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[planned.pk])
    waiting = BacklogItemFactory(board=team.board, title='<i>"next"</i>')
    client = Client()
    client.force_login(team.po.user)
    html = client.get("/b/apollo/sprints/1/plan/").content.decode()
    assert "<b>in" not in html and "<i>" not in html
    assert f"#{planned.pk} &lt;b&gt;in&lt;/b&gt; &amp; &#x27;out&#x27;</a>" in html
    assert f'aria-label="Remove #{planned.pk} &lt;b&gt;in&lt;/b&gt; &amp; &#x27;out&#x27; from the sprint"' in html
    assert f'aria-label="Add #{waiting.pk} &lt;i&gt;&quot;next&quot;&lt;/i&gt; to the sprint"' in html
