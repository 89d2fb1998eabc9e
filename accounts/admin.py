"""The login limits' counters, and people's own language and time zone. (The user admin is boards': renaming or
deleting a user changes the items pages that show them.)"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import ApiToken, LoginCounter, Profile
from accounts.throttle import counters_of


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

    list_display = ("user", "display_name", "language", "time_zone")
    list_filter = ("language",)
    search_fields = ("user__username", "time_zone")
    raw_id_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Named API tokens: support sees them and may delete one (it stops working at once); only their hashes are
    kept, so nobody reads a secret here."""

    list_display = ("user", "name", "created_at", "last_used_at")
    search_fields = ("user__username", "name")
    readonly_fields = ("user", "name", "created_at", "last_used_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
