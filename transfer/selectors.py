"""Reads of the transfer app: a member's pending upload, and what it would do."""

from collections.abc import Mapping

from django.http import Http404
from django.utils.translation import gettext as _

from boards.models import Membership
from transfer.jira.csvfile import read_jira_csv
from transfer.jira.plan import ImportPlan, plan_import
from transfer.models import PendingImport

__all__ = ["pending_for", "plan_of"]


def pending_for(*, acting: Membership, pending_id: int | str | None) -> PendingImport:
    """The caller's own upload on this board; anyone else's, or a forgotten one, is missing."""
    pending = None
    if str(pending_id or "").isdigit():
        pending = PendingImport.objects.filter(board=acting.board, uploaded_by=acting.user, pk=int(pending_id)).first()
    if pending is None:
        raise Http404(_("This upload is gone: upload the file again."))
    return pending


def plan_of(*, acting: Membership, data: bytes, status_map: Mapping[str, str] | None = None) -> ImportPlan:
    """What importing this file would do: the preview's plan. A file that cannot be imported raises InvalidInput."""
    return plan_import(acting.board, read_jira_csv(data), status_map=status_map)
