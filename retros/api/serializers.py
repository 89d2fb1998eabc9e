"""Small explicit input and output shapes for the retro API. Outputs are built from the room selector, so what a
viewer may not see yet (hidden cards, others' votes, anonymous authors) is absent, not blanked."""

from rest_framework import serializers

from retros.models import Action, Phase, Retro, Template
from retros.selectors import CardView, Room
from scrum_app.api_input import StrictInput
from scrum_app.api_versions import version_in, version_out


class RetroOpenInput(StrictInput):
    sprint = serializers.IntegerField(help_text="The sprint's number on the board.")
    template = serializers.ChoiceField(choices=Template.choices, default=Template.PLUSES_MINUSES_ACTIONS)
    hidden = serializers.BooleanField(default=False, help_text="While writing, others see only the counts.")


class RetroPhaseInput(StrictInput):
    phase = serializers.ChoiceField(
        choices=Phase.choices, required=False, help_text="A later phase; without it, the next one."
    )


class RetroCardInput(StrictInput):
    column = serializers.CharField(max_length=20, help_text="One of the template's columns.")
    text = serializers.CharField(max_length=1000)
    anonymous = serializers.BooleanField(default=False)


class RetroActionInput(StrictInput):
    text = serializers.CharField(max_length=1000)
    owner = serializers.CharField(max_length=150, help_text="A member's username.")
    card = serializers.IntegerField(required=False, allow_null=True, help_text="The card the action comes from.")
    due = serializers.DateField(required=False, allow_null=True)


class RetroActionPatch(StrictInput):
    done = serializers.BooleanField()
    version = version_in()


class RetroCardPatch(StrictInput):
    text = serializers.CharField(max_length=1000, required=False)
    column = serializers.CharField(max_length=20, required=False, help_text="One of the template's columns.")
    version = version_in()


class RetroOut(serializers.Serializer):
    id = serializers.IntegerField()
    sprint = serializers.IntegerField(source="sprint.number")
    template = serializers.CharField()
    hidden = serializers.BooleanField()
    phase = serializers.CharField()
    opened_by = serializers.CharField(source="opened_by.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)


class RetroCardOut(serializers.Serializer):
    id = serializers.IntegerField()
    column = serializers.CharField()
    text = serializers.CharField()
    author = serializers.CharField(allow_null=True, help_text="Null for an anonymous card, to everyone.")
    anonymous = serializers.BooleanField()
    mine = serializers.BooleanField(help_text="The card is yours (shown only to you, also when anonymous).")
    my_votes = serializers.IntegerField()
    votes = serializers.IntegerField(required=False, help_text="The total, once the vote is over.")
    version = version_out()


class RetroColumnOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Every card in the column, also the ones you may not see yet.")
    cards = RetroCardOut(many=True)


class RetroActionOut(serializers.Serializer):
    id = serializers.IntegerField()
    retro = serializers.IntegerField(source="retro_id")
    text = serializers.CharField()
    owner = serializers.CharField(source="owner.username")
    card = serializers.IntegerField(source="card_id", allow_null=True)
    due = serializers.DateField(allow_null=True)
    state = serializers.CharField()
    done = serializers.SerializerMethodField()
    carried_from = serializers.IntegerField(source="carried_from_id", allow_null=True)
    version = version_out()

    def get_done(self, action: Action) -> bool:
        return action.state == "done"


class RetroRoomOut(RetroOut):
    columns = RetroColumnOut(many=True)
    votes_left = serializers.IntegerField()
    vote_budget = serializers.IntegerField()
    actions = RetroActionOut(many=True)
    review = RetroActionOut(
        many=True,
        help_text="In review: every action of the last retro (its `state` says what became of it) and the open actions "
        "of older retros; the open ones are to finish or carry over.",
    )


class RetroVotesOut(serializers.Serializer):
    card = serializers.IntegerField()
    my_votes = serializers.IntegerField()
    votes_left = serializers.IntegerField()


def card_output(card: CardView) -> dict:
    out = {
        "id": card.id,
        "column": card.column,
        "text": card.text,
        "author": card.author,
        "anonymous": card.anonymous,
        "mine": card.mine,
        "my_votes": card.my_votes,
        "version": card.version,
    }
    if card.votes is not None:
        out["votes"] = card.votes
    return out


def room_output(room: Room) -> dict:
    retro: Retro = room.retro
    return {
        **RetroOut(retro).data,
        "columns": [
            {"key": c.key, "label": c.label, "count": c.count, "cards": [card_output(card) for card in c.cards]}
            for c in room.columns
        ],
        "votes_left": room.votes_left,
        "vote_budget": room.budget,
        "actions": RetroActionOut(room.actions, many=True).data,
        "review": RetroActionOut(room.review, many=True).data,
    }
