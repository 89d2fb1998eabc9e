from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from boards.models import Status
from scrum_app.api_input import StrictInput
from transfer.board_data import FORMAT, TABLES


class JiraImportIn(StrictInput):
    file = serializers.FileField(help_text="Jira's CSV export (Export → CSV (all fields)), UTF-8, at most 10 MB.")
    dry_run = serializers.BooleanField(
        default=False, help_text="true: answer what the import would do and write nothing."
    )
    status_map = serializers.JSONField(
        binary=True,
        required=False,
        help_text='Jira status names to the board\'s statuses, as JSON: `{"Blocked": "in_progress"}`. A status not '
        "named here takes its usual meaning (To Do, In Progress, Done, …), else `todo`.",
    )

    def validate_status_map(self, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise serializers.ValidationError(_("A JSON object of Jira status names to statuses."))
        return value  # each status is checked by the import's plan (transfer.jira.plan), naming this field


class WarningOut(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row in the file, as a spreadsheet numbers it (the header is 1).")
    message = serializers.CharField()


class JiraImportOut(serializers.Serializer):
    created = serializers.IntegerField(help_text="Items added (or, in a dry run, that would be).")
    updated = serializers.IntegerField(help_text="Items of an earlier import (same Jira key) the file changed.")
    skipped = serializers.IntegerField(help_text="Items of an earlier import the file leaves as they are.")
    warnings = WarningOut(many=True)
    status_map = serializers.DictField(
        child=serializers.ChoiceField(choices=Status.values),
        help_text="Every status the file uses and the board's status it became.",
    )
    unknown_statuses = serializers.ListField(
        child=serializers.CharField(), help_text="The file's statuses with no usual meaning: map them in `status_map`."
    )
    dry_run = serializers.BooleanField()


class BoardImportOut(serializers.Serializer):
    slug = serializers.SlugField(help_text="The new board's address: /b/{slug}/.")
    name = serializers.CharField()
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="Who or what was left out: people with no account here."
    )


class BoardExportIn(StrictInput):
    """A board export (`GET .../export/?format=json`): the shape checked here, each row by the import itself."""

    format = serializers.CharField(help_text='"scrum-app-board".')
    version = serializers.IntegerField(help_text="The export format's version: 1.")
    board = serializers.DictField(help_text="The board's settings and slug.")
    members = serializers.ListField(child=serializers.DictField(), help_text="`{username, role}` each.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for table in TABLES:  # one list of rows per table of the export
            self.fields[table.name] = serializers.ListField(child=serializers.DictField(), required=False)

    def validate_format(self, value: str) -> str:
        if value != FORMAT:
            raise serializers.ValidationError(_("This is not a board export of this app."))
        return value
