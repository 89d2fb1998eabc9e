"""The backlog as a spreadsheet: one row per item, in backlog order, UTF-8 with a byte-order mark (so Excel reads
the Cyrillic right), every text as written."""

import csv
import io

from boards.models import BacklogItem, Board

COLUMNS = (
    "id",
    "jira_key",
    "title",
    "kind",
    "status",
    "points",
    "sprint",
    "assignee",
    "ready",
    "labels",
    "epic",
    "split_from",
    "description",
    "acceptance_criteria",
    "created_at",
)


def backlog_csv(board: Board) -> bytes:
    items = (
        BacklogItem.objects.filter(board=board, split_at__isnull=True)
        .select_related("sprint", "assignee")
        .prefetch_related("labels")
        .order_by("rank")
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow(
            [
                item.pk,
                item.jira_key or "",
                item.title,
                item.kind,
                item.status,
                "" if item.points is None else item.points,
                item.sprint.number if item.sprint else "",
                item.assignee.get_username() if item.assignee else "",
                "yes" if item.ready else "no",
                ", ".join(label.name for label in item.labels.all()),
                item.epic_id or "",
                item.split_from_id or "",
                item.description,
                item.acceptance_criteria,
                item.created_at.isoformat(),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
