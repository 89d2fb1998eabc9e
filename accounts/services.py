"""Writes of a person's own settings: language and time zone, display name, named API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import email_change_mail_send, email_changed_notice_send
from accounts.models import ApiToken, Profile
from accounts.preferences import Preferences, remember, zone_names
from scrum_app.errors import Conflict, InvalidInput

KEEP = object()  # a preference left as it is


def save_preferences(user: AbstractBaseUser, *, language: object = KEEP, time_zone: object = KEEP) -> Preferences:
    """Set the user's language and/or time zone ("" : their browser's). A value we do not offer is refused, naming
    the field, and nothing is saved."""
    errors = {}
    if language is not KEEP and language != "" and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose English or Russian, or your browser's language.")
    if time_zone is not KEEP and time_zone != "" and time_zone not in zone_names():
        errors["time_zone"] = _("“%(zone)s” is not a time zone. Choose one from the list, e.g. Europe/Moscow.") % {
            "zone": time_zone
        }
    if errors:
        raise ValidationError(errors)
    changes = {}
    if language is not KEEP:
        changes["language"] = language
    if time_zone is not KEEP:
        changes["time_zone"] = time_zone
    profile, _created = Profile.objects.update_or_create(user=user, defaults=changes)
    remember(user, language=profile.language, time_zone=profile.time_zone)
    return Preferences(profile.language, profile.time_zone)


DISPLAY_NAME_MAX = 80


def save_display_name(user: AbstractBaseUser, *, display_name: str) -> Profile:
    """The name shown for the person beside their username ("" for none); a name of controls or of more than
    DISPLAY_NAME_MAX characters is refused, naming the field."""
    display_name = " ".join(display_name.split())
    if len(display_name) > DISPLAY_NAME_MAX:
        raise InvalidInput(
            _("A display name has at most %(limit)d characters.") % {"limit": DISPLAY_NAME_MAX}, field="display_name"
        )
    if any(not character.isprintable() for character in display_name):
        raise InvalidInput(_("A display name cannot contain control characters."), field="display_name")
    profile, _created = Profile.objects.update_or_create(user=user, defaults={"display_name": display_name})
    return profile


# --- named API tokens -----------------------------------------------------------------------------------------------

API_TOKENS_MAX = 50  # per person: enough for every script, not a table anyone fills by accident
TOKEN_NAME_MAX = 100
LAST_USED_EVERY = timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token named `name` (unique among the person's, 409 otherwise): the token and its secret, which is
    returned this once and never stored (only its hash is)."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("Name the token, e.g. after the script that uses it."), field="name")
    if len(name) > TOKEN_NAME_MAX or any(not character.isprintable() for character in name):
        raise InvalidInput(
            _("A token's name has at most %(limit)d printable characters.") % {"limit": TOKEN_NAME_MAX}, field="name"
        )
    # The person's row locked, so two creations at once cannot pass the limit together.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user).count() >= API_TOKENS_MAX:
        raise Conflict(
            _("You have %(limit)d tokens, the most there can be: revoke one first.") % {"limit": API_TOKENS_MAX},
            field="name",
        )
    secret = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, key_hash=ApiToken.hash_key(secret))
    try:
        with transaction.atomic():
            token.save()
    except IntegrityError:
        raise Conflict(_("You already have a token named “%(name)s”.") % {"name": name}, field="name") from None
    return token, secret


def api_token_revoke(*, user: AbstractBaseUser, token_id: int) -> ApiToken:
    """Delete one of the person's tokens: it stops working at once. Another person's, or an unknown one, is a 404."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise Http404(_("No such token."))
    token.delete()
    return token


def api_token_used(token: ApiToken) -> None:
    """Note that the token was used now, at most once a minute: a conditional UPDATE, so a busy script costs one
    write a minute, and two requests at once write once."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
    ).update(last_used_at=now)
    token.last_used_at = now


# --- e-mail change ---------------------------------------------------------------------------------------------------

EMAIL_CHANGE_SALT = "accounts.email_change"
EMAIL_CHANGE_MAX_AGE = timedelta(days=2)


def email_change_request(*, user: AbstractBaseUser, email: str, site: str) -> None:
    """Send the new address a signed link (valid EMAIL_CHANGE_MAX_AGE) that changes the person's address when they
    follow it while logged in; nothing changes until then. `site` is the scheme and host the link starts with."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("Enter a valid e-mail address."), field="email") from None
    if email.lower() == (user.email or "").lower():
        raise InvalidInput(_("This is your address already."), field="email")
    signed = signing.dumps({"user": user.pk, "email": email, "old": user.email or ""}, salt=EMAIL_CHANGE_SALT)
    email_change_mail_send(user, email=email, signed=signed, site=site)


@transaction.atomic
def email_change_confirm(*, user: AbstractBaseUser, signed: str) -> str:
    """Change the person's address to the one the link was sent to, if the link is theirs, not past its time and not
    used (their address is still the one it was sent from); tell the old address. Returns the new address."""
    try:
        change = signing.loads(signed, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidInput(_("This link has expired: ask for a new one on your profile."), field="link") from None
    except signing.BadSignature:
        raise InvalidInput(_("This link is not valid."), field="link") from None
    locked = get_user_model().objects.select_for_update().get(pk=user.pk)
    if change.get("user") != user.pk:
        raise InvalidInput(_("This link is for another account: log in as the person who asked for it."), field="link")
    if (locked.email or "") != change.get("old"):
        raise InvalidInput(_("This link was used already, or your address changed since."), field="link")
    locked.email = change["email"]
    locked.save(update_fields=["email"])
    user.email = locked.email
    if change["old"]:
        email_changed_notice_send(user, old=change["old"])
    return locked.email
