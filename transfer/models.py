from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boards.models import Board


class PendingImport(models.Model):
    """A Jira file uploaded for its preview, kept until its uploader imports it (or for a day)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+", verbose_name=_("board"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    name = models.CharField(max_length=200, blank=True, verbose_name=_("file name"))
    data = models.BinaryField(verbose_name=_("file"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded"))

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self) -> str:
        return f"{self.board}: {self.name}"
