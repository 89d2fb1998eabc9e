"""Writes of a person's own settings."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Profile
from accounts.preferences import Preferences, remember, zone_names

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
