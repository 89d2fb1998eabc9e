"""Input and output shapes of an item's checklist in the API (its entries are on every item, `checklist`)."""

from typing import Any

from rest_framework import serializers

from boards.models import ChecklistEntry
from boards.services.checklist import checklist_text_check
from scrum_app.api_input import StrictInput
from scrum_app.errors import InvalidInput


class ChecklistEntryOut(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The entry's id (…/checklist/{id}/ edits it).")
    text = serializers.CharField(read_only=True)
    done = serializers.BooleanField(read_only=True)


class _TextField(serializers.CharField):
    """The text as the service checks it (trimmed, not empty, at most the limit), with the service's message."""

    def __init__(self, **kwargs: Any) -> None:
        # The length is the service's to check, in its words (DRF's own check would answer first, in others).
        super().__init__(allow_blank=True, trim_whitespace=False, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            return checklist_text_check(value)
        except InvalidInput as error:
            raise serializers.ValidationError(error.message) from None


class ChecklistEntryIn(StrictInput):
    text = _TextField(help_text=f"What is to be done: 1 to {ChecklistEntry.TEXT_LIMIT} characters.")


class ChecklistEntryEditIn(StrictInput):
    text = _TextField(required=False)
    done = serializers.BooleanField(required=False, help_text="true ticks the entry, false unticks it.")
    position = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=ChecklistEntry.PER_ITEM_LIMIT,
        help_text="Move the entry to this index in the checklist (0 is the first); the others keep their order.",
    )
