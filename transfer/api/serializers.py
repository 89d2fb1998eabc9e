from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from boards.models import Status
from scrum_app.api_input import StrictInput


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
