"""Failed-login counters (accounts.throttle), in the database every worker shares; people's profiles and their
named API tokens."""

import hashlib

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
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language or '-'} {self.time_zone or '-'}"


class ApiToken(models.Model):
    """A named API token: a person makes one per script or machine, sees when each was last used and revokes one
    without breaking the others. Only the SHA-256 of its secret is kept (the secret is 256 random bits, shown once);
    secrets start with PREFIX, which tells them apart from the single token of POST /api/v1/auth/token/.

    `last_used_at` is written at most once a minute per token (accounts.services.api_token_used), not per request.
    """

    PREFIX = "sat_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="api_token_one_name_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.name}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
