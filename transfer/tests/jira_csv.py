"""A Jira "Export → CSV (all fields)" file as Jira writes it, built for the tests: repeated column names for the
multi-valued fields, quoted newlines, a byte-order mark."""

import csv
import io

HEADER = [
    "Summary",
    "Issue key",
    "Issue id",
    "Parent id",
    "Issue Type",
    "Status",
    "Priority",
    "Assignee",
    "Created",
    "Labels",
    "Labels",
    "Sprint",
    "Sprint",
    "Comment",
    "Comment",
    "Component/s",
    "Description",
    "Custom field (Story Points)",
    "Custom field (Epic Link)",
]


def issue(summary: str, key: str, **fields: str) -> dict[str, str]:
    return {"summary": summary, "key": key, **fields}


def jira_csv(issues: list[dict[str, str]], *, bom: bool = True, header: list[str] | None = None) -> bytes:
    """The export of `issues`: each a dict with summary, key and any of id, parent, type, status, assignee, labels
    (a list), sprints (a list), comments (a list), description, points, epic."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header or HEADER)
    for number, entry in enumerate(issues, start=10000):
        labels = (entry.get("labels") or []) + ["", ""]
        sprints = (entry.get("sprints") or []) + ["", ""]
        comments = (entry.get("comments") or []) + ["", ""]
        writer.writerow(
            [
                entry["summary"],
                entry["key"],
                entry.get("id", str(number)),
                entry.get("parent", ""),
                entry.get("type", "Story"),
                entry.get("status", "To Do"),
                entry.get("priority", "Medium"),
                entry.get("assignee", ""),
                "03/Mar/26 10:15 AM",
                labels[0],
                labels[1],
                sprints[0],
                sprints[1],
                comments[0],
                comments[1],
                "Web",
                entry.get("description", ""),
                entry.get("points", ""),
                entry.get("epic", ""),
            ]
        )
    text = out.getvalue()
    return ("\ufeff" + text if bom else text).encode("utf-8")
