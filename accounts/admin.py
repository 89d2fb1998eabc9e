"""Django's user admin, which also marks the boards whose items show a user who is renamed or deleted, the login
limits' counters, and people's own language and time zone."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from accounts.models import LoginCounter, Profile
from accounts.throttle import counters_of
from boards.changes import items_changed_for_user

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


@admin.register(LoginCounter)
class LoginCounterAdmin(admin.ModelAdmin):
    """The login limits' counters (accounts.throttle). Their keys are hashes: support finds a user's or an address's
    by searching for the name or the address, and lifts a lockout by deleting them."""

    list_display = ("key", "count", "expires")
    search_fields = ("key",)
    search_help_text = "A user name or an address (the keys are hashes of them)."

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LoginCounter | None = None) -> bool:
        return False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[LoginCounter], search_term: str
    ) -> tuple[QuerySet[LoginCounter], bool]:
        if not search_term.strip():
            return queryset, False
        return queryset.filter(counters_of(search_term)), False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """People's own language and time zone (a zone that is not one is ignored: their browser's is used)."""

    list_display = ("user", "language", "time_zone")
    list_filter = ("language",)
    search_fields = ("user__username", "time_zone")
    raw_id_fields = ("user",)
