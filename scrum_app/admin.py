"""Admin building blocks shared by the apps, and the admin site itself."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from accounts.forms import AdminLoginForm, answer_refusal


class ScrumAdminSite(admin.AdminSite):
    """Django's admin site whose login is behind the login limits (accounts.throttle), as the site's own login is."""

    login_form = AdminLoginForm

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        response = super().login(request, extra_context)
        context = getattr(response, "context_data", None) or {}  # a redirect has none
        return answer_refusal(response, context.get("form"))


class ViewOnlyAdmin(admin.ModelAdmin):
    """A window for support on rows that only the services may write (they act as a member of the board, which the
    admin has no way to be): nothing is added, changed or deleted from these rows' own admin pages.

    Deleting a user, a board or a sprint from their own pages still takes these rows with it: refusing that would
    make those deletes impossible. The rows are named there only by their `__str__`, which carries no author.
    """

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        match = getattr(request, "resolver_match", None)
        own_page = f"{self.opts.app_label}_{self.opts.model_name}_"
        if match is None or (match.url_name or "").startswith(own_page):
            return False
        return super().has_delete_permission(request, obj)
