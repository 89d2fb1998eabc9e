"""Input and output shapes of a board's labels (boards.services.labels holds the rules)."""

from rest_framework import serializers

from boards.models import Label, LabelColor, text_on
from scrum_app.api_input import StrictInput


class LabelOut(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    color = serializers.ChoiceField(choices=LabelColor.choices, read_only=True, help_text="`#rrggbb`, of the palette.")
    text_color = serializers.SerializerMethodField(help_text="The text colour that reads on it: dark or light.")

    class Meta:
        model = Label

    def get_text_color(self, label: Label) -> str:
        return text_on(label.color)


class LabelIn(StrictInput):
    name = serializers.CharField(
        max_length=Label.NAME_LIMIT, help_text="Unique on the board whatever its case; no comma."
    )
    color = serializers.ChoiceField(
        choices=LabelColor.choices, required=False, help_text="One of the palette's `#rrggbb`; blue when left out."
    )
