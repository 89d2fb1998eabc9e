"""Comments' Markdown, rendered on the server: a safe subset of CommonMark, then sanitized.

Two layers, so that neither alone has to be perfect. markdown-it-py parses CommonMark with raw HTML off (a `<script>`
is text), headings, images and tables off, and only http, https and mailto links (any other destination leaves the
link as text); nh3 (the ammonia sanitizer) then keeps only the tags and attributes the subset makes, with every
link's `rel="nofollow noopener"`. `@username` of a board member becomes a `<span class="mention">`; anything else
that looks like one stays text. Mentions are read from the same parse, so `@dave` in code is no mention.
"""

import re
from collections.abc import Iterable, Sequence

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

LINK_SCHEMES = ("http://", "https://", "mailto:")
# Django's usernames: letters, digits and @ . + - _. A mention starts after a space or punctuation (not inside an
# e-mail address) and does not take a sentence's last full stop ("thanks @dave.").
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]*[\w+-]|\w)")
TAGS = {"p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "a", "span", "hr"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def _link_allowed(url: str) -> bool:
    return url.strip().lower().startswith(LINK_SCHEMES)


def _mentions(state: StateCore) -> None:
    """Split the text outside links and code at each `@name` of a member (env["members"]: lowercased name → name)."""
    members: dict[str, str] = state.env.get("members", {})
    found: set[str] = state.env.setdefault("mentioned", set())
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        in_link = 0
        for token in block.children:
            in_link += {"link_open": 1, "link_close": -1}.get(token.type, 0)
            if token.type != "text" or in_link or "@" not in token.content:
                children.append(token)
                continue
            at = 0
            for match in MENTION.finditer(token.content):
                username = members.get(match.group(1).lower())
                if username is None:
                    continue
                found.add(username)
                children.append(_text(token.content[at : match.start()]))
                mention = Token("mention", "", 0, meta={"username": username})
                children.append(mention)
                at = match.end()
            children.append(_text(token.content[at:]))
        block.children = [child for child in children if child.type != "text" or child.content]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True})
    md.disable(["heading", "lheading", "image", "html_block", "html_inline"])
    md.validateLink = _link_allowed
    md.core.ruler.after("inline", "mentions", _mentions)
    md.add_render_rule("mention", lambda self, tokens, idx, options, env: _mention_html(tokens[idx].meta["username"]))
    return md


def _mention_html(username: str) -> str:
    return f'<span class="mention">@{escape(username)}</span>'


_md = _parser()


def _members(usernames: Iterable[str]) -> dict[str, str]:
    return {name.lower(): name for name in usernames}


def render(text: str, *, members: Iterable[str]) -> SafeString:
    """The comment's HTML, safe to put in a page, an e-mail or the API's `html`; `members` are the board's
    usernames, whose mentions are marked."""
    html = _md.render(text, {"members": _members(members)})
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes={"span": {"mention"}},
        link_rel="nofollow noopener",
        url_schemes={"http", "https", "mailto"},
        url_relative="deny",
    )
    return mark_safe(clean)  # noqa: S308 (sanitized just above)


def mentioned(text: str, *, members: Sequence[str]) -> set[str]:
    """The members' usernames that `text` mentions where they would be marked (not in code, not in a link)."""
    env: dict[str, object] = {"members": _members(members)}
    _md.parse(text, env)
    return set(env.get("mentioned", set()))  # type: ignore[arg-type]
