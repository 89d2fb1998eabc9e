"""Comments' Markdown: the safe subset, hostile input, and which @names are mentions."""

import re

import pytest

from discussion.markdown import mentioned, render

MEMBERS = ["dave", "sam", "Paula.K"]
ALLOWED = {"p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "a", "span", "hr"}


def html(text):
    return str(render(text, members=MEMBERS))


def test_it_renders_the_subset():
    out = html("*em* **strong** `code`\n\n- one\n- two\n\n1. first\n\n> quoted\n\n```\nblock <b>\n```")
    for part in (
        "<em>em</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        "<ul>",
        "<li>one</li>",
        "<ol>",
        "<blockquote>",
        "<pre><code>block &lt;b&gt;",
    ):
        assert part in out


def test_single_line_breaks_stay():
    assert html("one\ntwo") == "<p>one<br>\ntwo</p>\n"


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("https://example.com/a?b=1&c=2", "https://example.com/a?b=1&amp;c=2"),
        ("http://x.y", "http://x.y"),
        ("mailto:a@b.c", "mailto:a@b.c"),
    ],
)
def test_http_https_and_mailto_links_get_nofollow_noopener(link, href):
    assert html(f"[go]({link})") == f'<p><a href="{href}" rel="nofollow noopener">go</a></p>\n'


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript&colon;alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](/admin/)",
        "[x](//evil.example/)",
        "![x](https://evil.example/t.png)",
        '[x](https://a.b" onmouseover="alert(1))',
        "<div onclick=alert(1)>hi</div>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<svg><g/onload=alert(1)//<p>",
        "<span class=mention>@olga</span>",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
    ],
)
def test_hostile_input_never_becomes_markup(hostile):
    out = html(hostile)
    for tag in re.findall(r"<([^>]*)>", out):
        assert tag.split()[0].strip("/") in ALLOWED, tag
        assert not re.search(r"\son\w*\s*=", tag), tag
        assert not re.search(r"\s(style|src)\s*=", tag), tag
        href = re.search(r'href="([^"]*)"', tag)
        assert not href or href.group(1).startswith(("http://", "https://", "mailto:")), tag
        assert "class=" not in tag or tag == 'span class="mention"', tag


def test_no_raw_html_at_all_even_harmless():
    assert html("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_headings_are_text():
    assert html("# Title") == "<p># Title</p>\n"


def test_a_members_mention_is_marked_and_anyone_elses_is_text():
    out = html("thanks @dave and @olga, cc @SAM.")
    assert '<span class="mention">@dave</span>' in out
    assert '<span class="mention">@sam</span>.' in out  # the name as the member spells it; the full stop stays text
    assert "@olga" in out and '<span class="mention">@olga' not in out


def test_names_with_dots_and_mentions_in_code_links_and_addresses():
    assert '<span class="mention">@Paula.K</span>' in html("hi @paula.k")
    assert "mention" not in html("`@dave` and [@dave](https://x.y) and dave@example.com and a@dave.org")


def test_mentioned_reads_the_same_way():
    text = "@dave `@sam` [@sam](https://x.y) @nobody @Paula.K."
    assert mentioned(text, members=MEMBERS) == {"dave", "Paula.K"}
