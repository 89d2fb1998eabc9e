"""The item page's discussion: `{% load discussion_tags %}{% item_discussion membership item %}`.

A template tag, as sprints' pages show timers: the activity is one region of a page that belongs to boards, it needs
only the caller's membership and the item, which that page has, and boards never imports this app
(docs/architecture.md). A plain link `?editing=<id>` opens a comment's edit form without JavaScript, and the item
page's own forms send the region's drafts along (`hx-include`), so saving the item keeps a comment being written.
"""

from django import template

from boards.models import BacklogItem, Membership
from discussion.blocks import discussion_context, drafts_of

register = template.Library()


@register.inclusion_tag("discussion/_discussion.html", takes_context=True)
def item_discussion(context: template.Context, membership: Membership, item: BacklogItem) -> dict[str, object]:
    block = discussion_context(membership, item, drafts=drafts_of(context["request"]))
    return {**block, "csrf_token": context.get("csrf_token"), "request": context["request"]}
