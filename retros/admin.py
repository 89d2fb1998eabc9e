"""Admin for retrospectives: view-only for support. Writes go through the services (the retro room and the API), so
the rules and the hidden values hold; an admin form would bypass both."""

from django.contrib import admin
from django.http import HttpRequest

from retros.models import Action, Card, Retro, Vote


class _ViewOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Retro)
class RetroAdmin(_ViewOnly):
    list_display = ["__str__", "board", "sprint", "template", "phase", "created_at", "closed_at"]
    list_filter = ["phase", "template"]


@admin.register(Action)
class ActionAdmin(_ViewOnly):
    list_display = ["text", "board", "retro", "owner", "due", "state"]
    list_filter = ["state"]


# Cards and votes leave out who wrote or cast them: an anonymous card stays anonymous, and so do votes.
@admin.register(Card)
class CardAdmin(_ViewOnly):
    list_display = ["__str__", "retro", "column", "anonymous", "created_at"]
    fields = ["retro", "column", "text", "anonymous", "created_at"]
    readonly_fields = fields


@admin.register(Vote)
class VoteAdmin(_ViewOnly):
    list_display = ["__str__", "retro", "card", "created_at"]
    fields = ["retro", "card", "created_at"]
    readonly_fields = fields
