"""Admin for every board model. Item changes go through the services so the admin records history too."""

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from boards import services
from boards.changes import items_changed, items_changed_for_user
from boards.locks import lock_board, lock_boards
from boards.models import BacklogItem, Board, Invitation, ItemEvent, Membership, WipLimit
from scrum_app.admin import ViewOnlyAdmin
from scrum_app.versions import next_version


class DeletionChangesItemsAdmin(admin.ModelAdmin):
    """For a model with a board whose deletion changes what the items endpoint answers (an item; a sprint, whose items
    leave it; a membership, whose username the `assignee` filter no longer takes): the deletion marks the board's
    items as changed, in the deletion's transaction."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            lock_board(obj.board_id)
            items_changed(board_id=obj.board_id)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            board_ids = lock_boards(Board.objects.filter(pk__in=queryset.values("board_id")))
            for board_id in board_ids:
                items_changed(board_id=board_id)
            super().delete_queryset(request, queryset)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class WipLimitInline(admin.TabularInline):
    model = WipLimit
    extra = 0


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sprint_length_weeks", "retro_vote_budget", "time_zone"]
    search_fields = ["name", "slug"]
    readonly_fields = ["items_version"]
    inlines = [MembershipInline, WipLimitInline]

    def save_model(self, request: HttpRequest, obj: Board, form: Any, change: bool) -> None:
        # Only the fields the form changed: a plain save() would write back the items version read when the form was
        # loaded, undoing a raise committed since, and a version number used twice could serve a stale cached page.
        if change:
            # A change of the settings here makes a settings form opened before it stale, as a page's change would.
            obj.version = next_version()
            obj.save(update_fields=[*(name for name in form.changed_data if name != "items_version"), "version"])
        else:
            obj.save()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The members inline may remove or replace members, whom the items list's `assignee` filter names.
        # (The admin's change form runs in one transaction, so this raise commits with them.)
        lock_board(form.instance.pk)
        items_changed(board_id=form.instance.pk)
        super().save_related(request, form, formsets, change)


@admin.register(Membership)
class MembershipAdmin(DeletionChangesItemsAdmin):
    list_display = ["board", "user", "role"]
    list_filter = ["role"]
    list_select_related = ["board", "user"]
    autocomplete_fields = ["user", "board"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        # The admin may give a membership to another user or board: both boards' members change.
        before = Membership.objects.filter(pk=obj.pk).values_list("board_id", flat=True) if change else []
        with transaction.atomic():
            for board_id in lock_boards(Board.objects.filter(pk__in={obj.board_id, *before})):
                items_changed(board_id=board_id)
            super().save_model(request, obj, form, change)


@admin.register(WipLimit)
class WipLimitAdmin(admin.ModelAdmin):
    list_display = ["board", "status", "limit"]
    list_select_related = ["board"]


@admin.register(BacklogItem)
class BacklogItemAdmin(DeletionChangesItemsAdmin):
    list_display = ["title", "board", "kind", "status", "points", "ready", "assignee", "rank"]
    list_filter = ["kind", "status", "ready", "board"]
    list_select_related = ["board", "assignee"]
    search_fields = ["title"]
    readonly_fields = ["rank", "sprint", "created_by", "updated_by", "created_at", "updated_at"]
    autocomplete_fields = ["board", "assignee"]

    def get_readonly_fields(self, request: HttpRequest, obj: BacklogItem | None = None) -> list[str]:
        # An item never changes board: its rank, sprint and history belong to that board.
        return [*self.readonly_fields, "board"] if obj else list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: BacklogItem, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in BacklogItem.EDITABLE if name in form.changed_data}
        if change:
            original = BacklogItem.objects.get(pk=obj.pk)
            services.item_update(actor=request.user, item=original, **fields)
        else:
            created = services.item_create(board=obj.board, actor=request.user, **fields)
            obj.pk = created.pk


@admin.register(ItemEvent)
class ItemEventAdmin(admin.ModelAdmin):
    list_display = ["item", "field", "old_value", "new_value", "actor", "at"]
    list_filter = ["field"]
    list_select_related = ["item", "actor"]
    readonly_fields = ["board", "item", "field", "old_value", "new_value", "actor", "at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ItemEvent | None = None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(ViewOnlyAdmin):
    """Invitations are sent, answered and revoked by the people concerned, through the services."""

    list_display = ["username", "board", "role", "state", "created_at"]
    list_filter = ["state"]
    list_select_related = ["board"]
    search_fields = ["username"]


# Django's user admin, which also marks the boards whose items show a user who is renamed or deleted. Here, not in
# accounts: accounts is below boards (docs/architecture.md).
User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    # Items show their assignee and creator by username: the items endpoint's cached pages must not outlive either.
    def save_model(self, request: HttpRequest, obj: AbstractBaseUser, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            if change and "username" in form.changed_data:
                items_changed_for_user(user_id=obj.pk)
            super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: AbstractBaseUser) -> None:
        with transaction.atomic():
            items_changed_for_user(user_id=obj.pk)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AbstractBaseUser]) -> None:
        with transaction.atomic():
            for user_id in queryset.values_list("pk", flat=True):
                items_changed_for_user(user_id=user_id)
            super().delete_queryset(request, queryset)
