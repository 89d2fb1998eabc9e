"""Admin for retrospectives: view-only for support. Writes go through the services (the retro room and the API), so
the rules and the hidden values hold; an admin form would bypass both."""

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from retros.models import Action, Card, Phase, Retro, Vote
from scrum_app.admin import ViewOnlyAdmin


@admin.register(Retro)
class RetroAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "board", "sprint", "template", "phase", "created_at", "closed_at"]
    list_filter = ["phase", "template"]


@admin.register(Action)
class ActionAdmin(ViewOnlyAdmin):
    list_display = ["text", "board", "retro", "owner", "due", "state"]
    list_filter = ["state"]


class _Unattributed(ViewOnlyAdmin):
    """Never says who: not in a column, nor through a filter in the address (`?author=7` would pick out the
    anonymous cards of user 7; Django allows a lookup on any field of the model unless told otherwise)."""

    who = ""

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        if lookup.split("__")[0] == self.who:
            return False
        return super().lookup_allowed(lookup, value, request)


# Cards and votes leave out who wrote or cast them: an anonymous card stays anonymous, and so do votes. What the room
# hides is left out here too: the cards of a retro still writing with the hidden option, and votes until the vote ends.
@admin.register(Card)
class CardAdmin(_Unattributed):
    who = "author"
    list_display = ["__str__", "retro", "column", "anonymous", "created_at"]
    fields = ["retro", "column", "text", "anonymous", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Card]:
        return super().get_queryset(request).exclude(Q(retro__hidden=True, retro__phase=Phase.WRITE))


@admin.register(Vote)
class VoteAdmin(_Unattributed):
    who = "voter"
    list_display = ["__str__", "retro", "card", "created_at"]
    fields = ["retro", "card", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Vote]:
        return super().get_queryset(request).filter(retro__phase__in=[Phase.DISCUSS, Phase.CLOSED])
