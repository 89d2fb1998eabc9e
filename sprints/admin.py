"""Sprint admin: a window on sprints, not a way around their lifecycle. Every sprint write goes through
sprints.services, which check the acting member's role on the board; the admin has no member to act as, so it only
shows sprints and their commitments."""

from django.contrib import admin
from django.http import HttpRequest

from boards.admin import BoardFirstDeletionAdmin
from sprints.models import Sprint, SprintCommitment


class SprintCommitmentInline(admin.TabularInline):
    model = SprintCommitment
    extra = 0
    can_delete = False
    readonly_fields = ["item", "points"]

    def has_add_permission(self, request: HttpRequest, obj: Sprint | None = None) -> bool:
        return False


@admin.register(Sprint)
class SprintAdmin(BoardFirstDeletionAdmin):  # deleting a sprint takes its items out of it (SET NULL)
    list_display = ["__str__", "board", "state", "start_date", "end_date", "committed_points", "completed_points"]
    list_filter = ["state"]
    list_select_related = ["board"]
    inlines = [SprintCommitmentInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Sprint | None = None) -> bool:
        return False


@admin.register(SprintCommitment)
class SprintCommitmentAdmin(admin.ModelAdmin):
    list_display = ["sprint", "item", "points"]
    list_select_related = ["sprint", "item"]
    readonly_fields = ["sprint", "item", "points"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SprintCommitment | None = None) -> bool:
        return False
