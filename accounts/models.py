"""Failed-login counters (accounts.throttle), in the database every worker shares."""

from django.db import models


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
