"""The e-mails about a person's own account, in their language (their profile's, else the site's)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from accounts.preferences import preferences_of
from scrum_app.mail import send_mail_later

CONFIRM_SUBJECT = gettext_lazy("Confirm your new Scrum App e-mail address")
CHANGED_SUBJECT = gettext_lazy("Your Scrum App e-mail address was changed")


def _send(user: AbstractBaseUser, *, to: str, subject: Promise, template: str, context: dict[str, Any]) -> None:
    language = preferences_of(user).language or settings.LANGUAGE_CODE
    with translation.override(language):
        text = render_to_string(f"accounts/email/{template}.txt", {"user": user, **context})
        send_mail_later(to=[to], subject=str(subject), text=text, language=language)


def email_change_mail_send(user: AbstractBaseUser, *, email: str, signed: str, site: str) -> None:
    """The link that confirms `email` as the person's new address, sent to that address."""
    link = site.rstrip("/") + reverse("email_confirm", args=[signed])
    _send(user, to=email, subject=CONFIRM_SUBJECT, template="email_change", context={"link": link, "email": email})


def email_changed_notice_send(user: AbstractBaseUser, *, old: str) -> None:
    """Tell the old address that the account's address changed (someone else may have done it)."""
    _send(user, to=old, subject=CHANGED_SUBJECT, template="email_changed", context={})
