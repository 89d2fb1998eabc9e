from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    """A board's backlog in and out: the Jira CSV import, and the board's export and import (docs/transfer.md)."""

    name = "transfer"
    verbose_name = _("Import and export")
