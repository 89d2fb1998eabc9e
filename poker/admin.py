"""Admin for planning poker: read-mostly views for support; play happens in the room."""

from django.contrib import admin

from poker.models import Entry, Participant, PokerSession, Round, Vote


class EntryInline(admin.TabularInline):
    model = Entry
    extra = 0
    fields = ["position", "title", "item", "state", "points", "needs_detail"]
    raw_id_fields = ["item"]


@admin.register(PokerSession)
class PokerSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "board", "facilitator", "created_at", "finished_at"]
    list_filter = ["board"]
    inlines = [EntryInline]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "state", "points", "needs_detail"]
    raw_id_fields = ["item", "session"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "started_at", "revealed_at"]
    raw_id_fields = ["entry"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["round", "voter", "at"]  # the card stays off the list: votes are secret until the reveal
    raw_id_fields = ["round", "voter"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "session", "observer", "connections", "last_seen"]
    raw_id_fields = ["session", "user"]
