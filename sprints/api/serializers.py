"""Small explicit input and output shapes, one per operation."""

from rest_framework import serializers

from scrum_app.api_input import StrictInput
from scrum_app.api_versions import version_in, version_out
from scrum_app.ids import MAX_ID
from sprints.models import Sprint


class SprintOut(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()

    class Meta:
        model = Sprint
        fields = [
            "number",
            "name",
            "goal",
            "start_date",
            "end_date",
            "state",
            "committed_points",
            "completed_points",
            "started_at",
            "closed_at",
            "items",
            "version",
        ]
        extra_kwargs = {"version": {"help_text": version_out().help_text}}

    def get_items(self, sprint: Sprint) -> list[int]:
        return [item.pk for item in sprint.items.all()]


class SprintCreateIn(StrictInput):
    goal = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    name = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    start_date = serializers.DateField(required=False, default=None)
    end_date = serializers.DateField(required=False, default=None)


class SprintPatchIn(StrictInput):
    goal = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)
    version = version_in()


class ItemsIn(StrictInput):
    # Ids as the database stores them: a larger number is a 400, not an overflow in the query (a 500).
    items = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False, max_length=500
    )


class CloseIn(StrictInput):
    unfinished = serializers.ChoiceField(choices=["backlog", "next"], default="backlog")


class BurndownDayOut(serializers.Serializer):
    date = serializers.DateField()
    remaining = serializers.IntegerField(allow_null=True)
    ideal = serializers.FloatField()
    weighted_progress = serializers.FloatField(allow_null=True)
    scope_change = serializers.IntegerField(allow_null=True)


class BurndownOut(serializers.Serializer):
    committed = serializers.IntegerField()
    days = BurndownDayOut(many=True)


class VelocitySprintOut(serializers.Serializer):
    number = serializers.IntegerField()
    committed = serializers.IntegerField()
    completed = serializers.IntegerField()


class VelocityOut(serializers.Serializer):
    sprints = VelocitySprintOut(many=True)
    average = serializers.FloatField(allow_null=True)


class ItemEventOut(serializers.Serializer):
    id = serializers.IntegerField()
    field = serializers.CharField()
    old_value = serializers.CharField()
    new_value = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    at = serializers.DateTimeField()
