"""Every write of the transfer app: a Jira CSV import (and the pending uploads its preview keeps)."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import services as boards
from boards.locks import lock_board
from boards.models import BacklogItem, Membership, Role, Status
from boards.selectors import require_role
from boards.services.labels import label_create
from transfer.jira.csvfile import MAX_BYTES, read_jira_csv
from transfer.jira.plan import ImportPlan, Note, plan_import
from transfer.models import PendingImport

IMPORT_ROLES = (Role.PRODUCT_OWNER, Role.SCRUM_MASTER)
PENDING_FOR = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    created: int
    updated: int
    skipped: int
    warnings: list[Note]
    status_map: dict[str, str]
    unknown_statuses: list[str]
    dry_run: bool


def _result(plan: ImportPlan, *, dry_run: bool) -> ImportResult:
    return ImportResult(
        created=plan.count("create"),
        updated=plan.count("update"),
        skipped=plan.count("skip"),
        warnings=plan.warnings,
        status_map=plan.status_map,
        unknown_statuses=plan.unknown_statuses,
        dry_run=dry_run,
    )


def _epics_linked(acting: Membership, plan: ImportPlan) -> None:
    """Each item into the epic its row names (the plan kept only links to epics), once every item exists: an epic
    may come after its items in the file. One update per epic."""
    keys = {planned.key for planned in plan.items} | {p.epic_key for p in plan.items if p.epic_key}
    ids = dict(BacklogItem.objects.filter(board=acting.board, jira_key__in=keys).values_list("jira_key", "pk"))
    by_epic: dict[int | None, list[int]] = {}
    for planned in plan.items:
        if (planned.action == "create" and planned.epic_key) or "epic" in planned.changed:
            epic = ids.get(planned.epic_key) if planned.epic_key else None
            by_epic.setdefault(epic, []).append(ids[planned.key])
    for epic, items in by_epic.items():
        BacklogItem.objects.filter(pk__in=items).update(epic_id=epic)


def _apply(acting: Membership, plan: ImportPlan) -> None:
    for name in plan.new_labels:
        label_create(acting=acting, name=name)
    new = [planned for planned in plan.items if planned.action == "create"]
    for start in range(0, len(new), boards.BULK_LIMIT):
        chunk = new[start : start + boards.BULK_LIMIT]
        boards.items_bulk_create(
            board=acting.board,
            actor=acting.user,
            entries=[{**planned.values, "labels": planned.labels} for planned in chunk],
            jira_keys=[planned.key for planned in chunk],
        )
    for planned in plan.items:
        if planned.action != "update":
            continue
        item = planned.existing
        if "status" in planned.changed and planned.values["status"] == Status.DONE:
            boards.done_ticked(board_id=acting.board_id, item_ids=[item.pk], actor=acting.user)
        fields = {name: planned.values[name] for name in planned.changed if name in planned.values}
        if "labels" in planned.changed:
            fields["labels"] = planned.labels
        if fields:
            boards.item_update(actor=acting.user, item=item, **fields)
    _epics_linked(acting, plan)


def jira_import(
    *, acting: Membership, data: bytes, dry_run: bool = False, status_map: Mapping[str, str] | None = None
) -> ImportResult:
    """Import Jira's CSV export into the board (Product Owner or Scrum Master), all of it in one transaction or
    nothing: new issues at the bottom of the backlog in file order, earlier imports of the same key updated where the
    file differs. A dry run reads and plans only."""
    require_role(acting, *IMPORT_ROLES, action=_("import a backlog"))
    rows = read_jira_csv(data)
    if dry_run:
        return _result(plan_import(acting.board, rows, status_map=status_map), dry_run=True)
    with transaction.atomic():
        lock_board(acting.board_id)  # planned under the lock: two imports of one file create its items once
        plan = plan_import(acting.board, rows, status_map=status_map)
        _apply(acting, plan)
    return _result(plan, dry_run=False)


def pending_keep(*, acting: Membership, name: str, data: bytes) -> PendingImport:
    """Keep an uploaded file while its preview is looked at (a day at most), so the import needs no second upload.
    The caller has planned it first (transfer.selectors.plan_of): a file that cannot be imported is not kept."""
    require_role(acting, *IMPORT_ROLES, action=_("import a backlog"))
    PendingImport.objects.filter(created_at__lt=timezone.now() - PENDING_FOR).delete()
    PendingImport.objects.filter(board=acting.board, uploaded_by=acting.user).delete()  # one preview each
    return PendingImport.objects.create(board=acting.board, uploaded_by=acting.user, name=name[:200], data=data)


def pending_import(
    *, acting: Membership, pending: PendingImport, status_map: Mapping[str, str] | None = None
) -> ImportResult:
    """Import a kept file, then forget it."""
    result = jira_import(acting=acting, data=bytes(pending.data), status_map=status_map)
    pending.delete()
    return result


__all__ = ["IMPORT_ROLES", "MAX_BYTES", "ImportResult", "jira_import", "pending_import", "pending_keep"]
