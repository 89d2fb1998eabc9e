"""Stand-up admin: a window for support, not a way around the rules. Entries are written only on their own day and
blockers follow their entry's lines, through standups.services, which act as a member of the board; the admin has no
member to act as, so it only shows."""

from django.contrib import admin

from scrum_app.admin import ViewOnlyAdmin
from standups.models import Blocker, Standup, StandupEntry


@admin.register(Standup)
class StandupAdmin(ViewOnlyAdmin):
    list_display = ["date", "board", "sprint"]
    list_filter = ["board"]
    list_select_related = ["board", "sprint"]


@admin.register(StandupEntry)
class StandupEntryAdmin(ViewOnlyAdmin):
    list_display = ["standup", "member", "updated_at"]
    list_select_related = ["standup", "member"]


@admin.register(Blocker)
class BlockerAdmin(ViewOnlyAdmin):
    list_display = ["text", "board", "raised_by", "raised_at", "item", "resolved_by", "resolved_at"]
    list_filter = ["board"]
    list_select_related = ["board", "raised_by", "item", "resolved_by"]
