import datetime as dt
import re

import time_machine

from retros import services
from retros.export import markdown_escape, markdown_lines, retro_markdown
from retros.tests.conftest import cast_votes


def unescape(text):
    return re.sub(r"\\(.)", r"\1", text)


def test_it_escapes_markdown_and_html_so_the_text_comes_out_literal():
    for raw in (
        "<script>alert(1)</script>",
        "**bold** _it_ `code`",
        "# heading",
        "- list",
        "1. one",
        "[a](b) ![i](j)",
        "a | b",
        "&amp; &lt;",
        "~~gone~~",
        "> quote",
        "back\\slash",
    ):
        escaped = markdown_escape(raw)
        assert unescape(escaped) == raw
        # Every character that is markup anywhere is preceded by a backslash, and so is a line-start marker.
        assert not re.search(r"(?<!\\)[<>*_`\[\]&|~]", escaped.replace("\\\\", "")), escaped
        assert not re.match(r"[#+\-=]|\d+[.)]", escaped), escaped


def test_ordinary_punctuation_is_left_as_typed():
    for raw in (
        "Don't deploy on Fridays.",
        'Ask "why?" five times: it helps!',
        "Fix CI (again) - soon",
        "Step 1. then 2",
    ):
        assert markdown_escape(raw) == raw


def test_markdown_escape_puts_the_text_on_one_line():
    assert markdown_escape("first\n\n# second") == "first # second"  # mid-line, "#" is no heading


def test_a_card_of_several_lines_keeps_them_within_its_list_item():
    # Hard breaks (a trailing backslash) and the item's indent; a blank line would end the item, so it goes.
    assert markdown_lines("Slow CI\n\n# builds take 40 min\r\n- twice a day") == (
        "Slow CI\\\n  \\# builds take 40 min\\\n  \\- twice a day"
    )


def test_the_export_keeps_the_line_breaks_of_cards_and_actions(team, retro, move_to):
    move_to(retro, "write")
    services.card_add(acting=team.dev, retro=retro, column="minuses", text="Flaky CI\n<b>twice</b> a day")
    move_to(retro, "discuss")
    services.action_add(acting=team.sm, retro=retro, text="Quarantine\nflaky tests", owner="dave")
    retro = move_to(retro, "closed")
    retro.board = team.board
    text = retro_markdown(retro)
    assert "- Flaky CI\\\n  \\<b\\>twice\\</b\\> a day (0 votes, dave)\n" in text
    assert "- [ ] Quarantine\\\n  flaky tests (dave)\n" in text


def test_the_export_lists_cards_by_votes_with_authors_and_the_actions(team, retro, move_to):
    move_to(retro, "write")
    low = services.card_add(acting=team.dev, retro=retro, column="pluses", text="Good <b>pairing</b>")
    high = services.card_add(acting=team.po, retro=retro, column="pluses", text="*Fast* reviews", anonymous=True)
    services.card_add(acting=team.po, retro=retro, column="minuses", text="Flaky CI")
    move_to(retro, "vote")
    cast_votes(retro, (team.dev, high), (team.sm, high), (team.sm, low))
    move_to(retro, "discuss")
    services.action_add(acting=team.sm, retro=retro, text="Fix [CI](x)", owner="dave", card=low.pk)
    retro = move_to(retro, "closed")
    retro.board = team.board
    text = retro_markdown(retro)
    assert text.startswith("# Retrospective: Apollo, sprint 1\n")
    pluses = text.split("## Pluses", 1)[1].split("## Minuses", 1)[0]
    assert pluses.strip().splitlines() == [
        r"- \*Fast\* reviews (2 votes, anonymous)",
        r"- Good \<b\>pairing\<\/b\> (1 vote, dave)".replace(r"\/", "/"),
    ]
    assert "paula" not in pluses
    assert "- [ ] Fix \\[CI\\](x) (dave)" in text
    assert "## Minuses" in text
    # The default template has a column called Actions: the agreed actions get a heading of their own.
    assert text.count("## Actions\n") == 1
    assert text.split("## Agreed actions\n", 1)[1].strip() == "- [ ] Fix \\[CI\\](x) (dave)"
    assert "<b>" not in text


def test_the_closing_day_is_the_boards_day(client, team, retro, move_to):
    team.board.time_zone = "Pacific/Auckland"
    team.board.save(update_fields=["time_zone"])
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), tick=False):  # 01:00 on the 3rd there
        retro = move_to(retro, "closed")
    retro.board = team.board
    assert "- Closed: 2026-03-03\n" in retro_markdown(retro)
    client.force_login(team.dev.user)
    assert "Closed Tue 3 Mar 2026." in client.get(f"/b/apollo/retros/{retro.pk}/").content.decode()
