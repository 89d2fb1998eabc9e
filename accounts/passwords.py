"""Password reset and change: Django's own views and forms, with our templates, the reset behind the login limits
(accounts.throttle) and its mail sent through scrum_app.mail, in the language of the person it is for."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.forms import Form
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse_lazy
from django.utils import translation

from accounts.preferences import preferences_of
from accounts.throttle import LoginRefused, attempt_counted
from scrum_app.mail import send_mail_later


class MailedPasswordResetForm(PasswordResetForm):
    """Django's form, whose mail goes through send_mail_later (after the commit, by the worker) in the user's
    language (their profile's, else the site's)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        language = preferences_of(context["user"]).language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            text = loader.render_to_string(email_template_name, context)
            html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else None
        send_mail_later(to=[to_email], subject=subject, text=text, html=html, language=language)


class _Refused400:
    """A refused form answers 400, as every form of the app does (the page is the same, with its errors)."""

    def form_invalid(self, form: Form) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetView(_Refused400, auth_views.PasswordResetView):
    """Ask for a reset link. Each request counts as a failed login would, for the address typed and the client's
    address, so the page cannot be used to flood a mailbox or to probe addresses; past a limit, 429."""

    form_class = MailedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"

    def form_valid(self, form: MailedPasswordResetForm) -> HttpResponse:
        try:
            attempt_counted(self.request, username=f"password-reset:{form.cleaned_data['email']}")
        except LoginRefused as refused:
            form.add_error(None, refused.message)
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            response["Retry-After"] = str(refused.retry_after)
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(_Refused400, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(_Refused400, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
