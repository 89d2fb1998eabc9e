"""Admin for every board model. Boards, members and item edits go through the services, as the pages and the API
do: the same rules hold (a board keeps a Scrum Master and one Product Owner at most, items record their history),
and a rule's refusal is shown on the page it came from, with nothing saved."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from boards import services
from boards.locks import lock_board, lock_boards, lock_boards_of_users
from boards.models import (
    BacklogItem,
    Board,
    ChecklistEntry,
    Criterion,
    CriterionCheck,
    Invitation,
    ItemEvent,
    ItemLabel,
    Label,
    Membership,
    Role,
    SavedFilter,
    WipLimit,
)
from scrum_app.admin import ViewOnlyAdmin
from scrum_app.errors import DomainError


class BoardFirstDeletionAdmin(admin.ModelAdmin):
    """For a model with a board whose deletion writes items (an item; a sprint, whose items leave it): the board is
    locked first, as every writer takes it (boards.locks), before the deletion's cascade writes the items' rows."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            lock_board(obj.board_id)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            lock_boards(Board.objects.filter(pk__in=queryset.values("board_id")))
            super().delete_queryset(request, queryset)


class RefusalsShownAdmin(admin.ModelAdmin):
    """A service's refusal (DomainError) rolls the admin's transaction back. On a change or add form, the form comes
    back as it was posted, with the refusal as an error of the field it names (or of the whole form); on a deletion
    or a list action, as an error message on the page it came from."""

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)
        except DomainError as refusal:
            request.refusal = refusal  # read by get_form, on the second pass
            return super().changeform_view(request, *args, **kwargs)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> type[ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        refusal: DomainError | None = getattr(request, "refusal", None)
        if refusal is None:
            return form

        class Refused(form):
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                self.add_error(refusal.field if refusal.field in self.fields else None, refusal.message)
                return cleaned

        return Refused

    def _refused(self, request: HttpRequest, view: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refused(request, super().delete_view, *args, **kwargs)

    def changelist_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refused(request, super().changelist_view, *args, **kwargs)


def memberships_save(formset: BaseInlineFormSet) -> None:
    """The members inline's rows through the services, new Scrum Masters first and removals last, so that one save
    can hand the Scrum Master's role to someone else."""
    changed = formset.save(commit=False)
    for member in sorted(changed, key=lambda member: member.role != Role.SCRUM_MASTER):
        membership_save(member)
    for member in formset.deleted_objects:
        services.membership_remove(member=member)


def membership_save(member: Membership) -> Membership:
    """Add a member, change their role, or (the admin may) give the membership to another user or board: the old
    one leaves, the new one joins."""
    if member.pk is None:
        return services.membership_add(board=member.board, user=member.user, role=member.role)
    before = Membership.objects.get(pk=member.pk)
    if (before.board_id, before.user_id) != (member.board_id, member.user_id):
        services.membership_remove(member=before)
        return services.membership_add(board=member.board, user=member.user, role=member.role)
    return services.membership_role_set(member=before, role=member.role)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class WipLimitInline(admin.TabularInline):
    model = WipLimit
    extra = 0


def wip_limits_of(formset: BaseInlineFormSet) -> dict[str, int | None]:
    """The WIP inline's rows as board_settings_set takes them: {column: limit, or None to clear it}."""
    limits: dict[str, int | None] = {}
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        before = form.initial.get("status")
        if before and (form in formset.deleted_forms or before != form.cleaned_data.get("status")):
            limits.setdefault(before, None)
        if form not in formset.deleted_forms and form.has_changed():
            limits[form.cleaned_data["status"]] = form.cleaned_data["limit"]
    return limits


@admin.register(Board)
class BoardAdmin(RefusalsShownAdmin):
    list_display = ["name", "slug", "sprint_length_weeks", "retro_vote_budget", "time_zone"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline, WipLimitInline]
    _settings = services.BOARD_SETTINGS

    def get_readonly_fields(self, request: HttpRequest, obj: Board | None = None) -> list[str]:
        # A board's address never changes: links to it would break.
        return ["items_version", "slug"] if obj else ["items_version"]

    def save_model(self, request: HttpRequest, obj: Board, form: ModelForm, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in self._settings if name in form.changed_data}
        if change:
            if fields:
                services.board_settings_set(board=obj, **fields)
        else:
            # The service makes its creator (the admin) the board's Scrum Master, as a board always has one.
            created = services.board_create(user=request.user, slug=form.cleaned_data["slug"], **fields)
            obj.pk, obj.created_at = created.pk, created.created_at

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        if formset.model is Membership:
            memberships_save(formset)
        else:
            formset.save(commit=False)  # for the admin's log of what changed; the service writes
            if limits := wip_limits_of(formset):
                services.board_settings_set(board=form.instance, wip_limits=limits)


@admin.register(Membership)
class MembershipAdmin(RefusalsShownAdmin):
    list_display = ["board", "user", "role"]
    list_filter = ["role"]
    list_select_related = ["board", "user"]
    autocomplete_fields = ["user", "board"]

    def save_model(self, request: HttpRequest, obj: Membership, form: ModelForm, change: bool) -> None:
        obj.pk = membership_save(obj).pk

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.membership_remove(member=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        with transaction.atomic():  # all or none
            for member in queryset.order_by("board_id", "pk"):
                services.membership_remove(member=member)


@admin.register(WipLimit)
class WipLimitAdmin(admin.ModelAdmin):
    list_display = ["board", "status", "limit"]
    list_select_related = ["board"]


@admin.register(BacklogItem)
class BacklogItemAdmin(RefusalsShownAdmin):
    list_display = ["title", "board", "kind", "status", "points", "ready", "assignee", "rank"]
    list_filter = ["kind", "status", "ready", "board"]
    list_select_related = ["board", "assignee"]
    search_fields = ["title"]
    # `ready` follows the Definition of Ready's ticks (boards.services.definitions).
    readonly_fields = ["ready", "rank", "sprint", "created_by", "updated_by", "created_at", "updated_at"]
    autocomplete_fields = ["board", "assignee", "epic"]

    def get_readonly_fields(self, request: HttpRequest, obj: BacklogItem | None = None) -> list[str]:
        # An item never changes board: its rank, sprint and history belong to that board.
        return [*self.readonly_fields, "board"] if obj else list(self.readonly_fields)

    def delete_model(self, request: HttpRequest, obj: BacklogItem) -> None:
        services.item_remove(item=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[BacklogItem]) -> None:
        with transaction.atomic():
            # Every board first, in the lock order, then each item through the service (which locks its board again).
            lock_boards(Board.objects.filter(pk__in=queryset.values("board_id")))
            for item in queryset.select_related("board"):
                services.item_remove(item=item)

    def save_model(self, request: HttpRequest, obj: BacklogItem, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in BacklogItem.EDITABLE if name in form.changed_data}
        if change:
            original = BacklogItem.objects.get(pk=obj.pk)
            services.item_update(actor=request.user, item=original, **fields)
        else:
            created = services.item_create(board=obj.board, actor=request.user, **fields)
            obj.pk = created.pk


@admin.register(Label)
class LabelAdmin(ViewOnlyAdmin):
    # Written by the labels page and the API (boards.services.labels), which keep names unique on a board.
    list_display = ["name", "board", "color"]
    list_select_related = ["board"]
    search_fields = ["name"]


@admin.register(ItemLabel)
class ItemLabelAdmin(ViewOnlyAdmin):
    list_display = ["item", "label", "board"]
    list_select_related = ["item", "label", "board"]


@admin.register(Criterion)
class CriterionAdmin(ViewOnlyAdmin):
    # Written by the settings page and the API (boards.services), which keep every item's `ready` in step.
    list_display = ["text", "board", "kind", "position"]
    list_filter = ["kind", "board"]
    list_select_related = ["board"]


@admin.register(CriterionCheck)
class CriterionCheckAdmin(ViewOnlyAdmin):
    list_display = ["item", "criterion", "actor", "at"]
    list_select_related = ["item", "criterion", "actor"]


@admin.register(ChecklistEntry)
class ChecklistEntryAdmin(ViewOnlyAdmin):
    # Written by the item page and the API (boards.services.checklist), which keep each item's positions unique.
    list_display = ["text", "item", "done", "position"]
    list_filter = ["done"]
    list_select_related = ["item"]


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

    list_display = ["username", "email", "board", "role", "state", "created_at", "expires_at"]
    list_filter = ["state"]
    list_select_related = ["board"]
    search_fields = ["username", "email"]
    exclude = ["token_hash"]


@admin.register(SavedFilter)
class SavedFilterAdmin(ViewOnlyAdmin):
    """A member's own shortcuts, saved and deleted by them on the backlog page."""

    list_display = ["name", "user", "board", "query", "created_at"]
    list_select_related = ["user", "board"]


# Django's user admin, whose deletions lock the boards first. Here, not in accounts: accounts is below boards
# (docs/architecture.md).
User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Deleting a user unassigns their items and ends their memberships, which the database answers by raising those
    boards' items versions: the boards are locked first, as every writer takes them (boards.locks)."""

    def delete_model(self, request: HttpRequest, obj: AbstractBaseUser) -> None:
        with transaction.atomic():
            lock_boards_of_users([obj.pk])
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AbstractBaseUser]) -> None:
        with transaction.atomic():
            lock_boards_of_users(queryset.values_list("pk", flat=True))
            super().delete_queryset(request, queryset)
