"""Failed-login counters (accounts.throttle), in the database every worker shares."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginCounter(models.Model):
    """Login attempts counted under one key (an account, an address, or both) until `expires`.

    The key is a keyed hash: neither the names people type (sometimes their password, by mistake) nor their
    addresses are stored. A row past `expires` counts nothing; the next attempt starts it again from 1.
    """

    key = models.CharField(max_length=80, primary_key=True)
    count = models.PositiveIntegerField()
    expires = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count} until {self.expires:%Y-%m-%d %H:%M:%S}"


class Profile(models.Model):
    """What a person chose for their own pages. Blank means they did not choose: their browser's is used.

    One row per user who chose something (accounts.services.save_preferences makes it); most users have none.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language or '-'} {self.time_zone or '-'}"
