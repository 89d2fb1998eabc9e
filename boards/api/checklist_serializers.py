"""Input and output shapes of an item's checklist in the API (its entries are on every item, `checklist`)."""

from rest_framework import serializers

from boards.models import ChecklistEntry
from boards.services.checklist import checklist_text_check
from scrum_app.api_input import CheckedText, StrictInput


class ChecklistEntryOut(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The entry's id (…/checklist/{id}/ edits it).")
    text = serializers.CharField(read_only=True)
    done = serializers.BooleanField(read_only=True)


class ChecklistEntryIn(StrictInput):
    text = CheckedText(
        check=checklist_text_check, help_text=f"What is to be done: 1 to {ChecklistEntry.TEXT_LIMIT} characters."
    )


class ChecklistEntryEditIn(StrictInput):
    text = CheckedText(check=checklist_text_check, required=False)
    done = serializers.BooleanField(required=False, help_text="true ticks the entry, false unticks it.")
    position = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=ChecklistEntry.PER_ITEM_LIMIT,
        help_text="Move the entry to this index in the checklist (0 is the first); the others keep their order.",
    )
