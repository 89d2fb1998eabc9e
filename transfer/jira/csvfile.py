"""Reading the CSV that Jira writes with "Export → CSV (all fields)".

Jira repeats a column's name once per value of a multi-valued field (`Labels`, `Sprint`, `Comment`, `Component/s`),
so the header is read by position: each name maps to every column that carries it. The file is UTF-8, with or
without a byte-order mark; quoted fields may hold newlines. Rows are numbered as a spreadsheet shows them (the header
is row 1), so an error names the row a person finds when they open the file.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from scrum_app.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
# A field may be as long as the whole file: the sizes are checked per field with a message naming the row.
csv.field_size_limit(MAX_BYTES)

# Which Jira column carries what; the first name present wins (Jira's names vary with the instance's setup).
COLUMNS = {
    "key": ("Issue key",),
    "issue_id": ("Issue id",),
    "parent_id": ("Parent id", "Parent"),
    "summary": ("Summary",),
    "description": ("Description",),
    "issue_type": ("Issue Type",),
    "status": ("Status",),
    "priority": ("Priority",),
    "assignee": ("Assignee",),
    "created": ("Created",),
    "points": ("Custom field (Story Points)", "Story Points", "Custom field (Story point estimate)"),
    "epic_link": ("Custom field (Epic Link)", "Epic Link"),
    "acceptance_criteria": ("Custom field (Acceptance Criteria)", "Acceptance Criteria"),
}
MULTI = {"labels": "Labels", "sprints": "Sprint", "comments": "Comment", "components": "Component/s"}
REQUIRED = ("key", "summary")


@dataclass
class JiraRow:
    """One issue as the file gives it: text as written, multi-valued fields as lists without blanks."""

    row: int
    key: str
    summary: str
    issue_id: str = ""
    parent_id: str = ""
    description: str = ""
    issue_type: str = ""
    status: str = ""
    priority: str = ""
    assignee: str = ""
    created: str = ""
    points: str = ""
    epic_link: str = ""
    acceptance_criteria: str = ""
    labels: list[str] = field(default_factory=list)
    sprints: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    components: list[str] = field(default_factory=list)


def _text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("The file is over 10 MB; export fewer issues at a time."), field="file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput(
            _("The file is not UTF-8 text (line %(line)d): export it from Jira as CSV.") % {"line": line},
            field="file",
        ) from None


def _positions(header: list[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        positions.setdefault(name.strip(), []).append(index)
    return positions


def read_jira_csv(data: bytes) -> list[JiraRow]:
    """The file's issues, in file order. A file that is not a Jira CSV, or a malformed row, raises InvalidInput
    naming the row."""
    reader = csv.reader(io.StringIO(_text(data), newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise InvalidInput(_("Row %(row)d: %(error)s.") % {"row": 1, "error": error}, field="file") from None
    if not header:
        raise InvalidInput(_("The file is empty."), field="file")
    positions = _positions(header)
    single = {
        name: next((positions[c][0] for c in columns if c in positions), None) for name, columns in COLUMNS.items()
    }
    missing = [COLUMNS[name][0] for name in REQUIRED if single[name] is None]
    if missing:
        raise InvalidInput(
            _("This is not a Jira CSV export: it has no %(columns)s column.") % {"columns": ", ".join(missing)},
            field="file",
        )
    rows: list[JiraRow] = []
    number = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise InvalidInput(
                _("Row %(row)d: %(error)s.") % {"row": number + 1, "error": error}, field="file"
            ) from None
        number += 1
        if not any(value.strip() for value in values):
            continue  # a blank line, as spreadsheets leave at the end
        if len(values) > len(header):
            raise InvalidInput(
                _("Row %(row)d has %(count)d fields; the header has %(header)d.")
                % {"row": number, "count": len(values), "header": len(header)},
                field="file",
            )
        values += [""] * (len(header) - len(values))
        found = {name: values[index].strip() if index is not None else "" for name, index in single.items()}
        many = {
            name: [values[i].strip() for i in positions.get(column, []) if values[i].strip()]
            for name, column in MULTI.items()
        }
        # Jira's labels column may also hold several labels in one cell, separated by spaces (labels have none).
        many["labels"] = [label for cell in many["labels"] for label in cell.split()]
        rows.append(JiraRow(row=number, **found, **many))
    return rows
