"""Retro API: one class per operation. Access: non-members 404; opening and moving phases is the Scrum Master's."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from boards.api.views.base import BoardScopedApi, VersionedBoardApi
from retros import export, selectors, services
from retros.api import serializers as s
from retros.models import Action, Retro
from scrum_app.api_errors import ErrorAnswers
from scrum_app.api_versions import ETAG, IF_MATCH, stale_or_conflict
from scrum_app.errors import Conflict
from scrum_app.markdown import MarkdownRenderer

ANSWERS = ErrorAnswers(
    bad_input="Bad input: `{field: [message]}` naming the field (`column`, `owner`, …).",
    forbidden="Only the Scrum Master opens a retro and moves its phases; the message says so.",
    missing="No such board, retro, card or action for you (outsiders see every board as missing; the ids of "
    "another board's retro, card or action are as missing as unknown ones).",
    conflict="Clashes with the retro's phase (a card when closed, a vote outside the vote phase), or a vote "
    'over the budget: `{"detail", "votes_left"}`.',
)


def answers(ok: object, *codes: int, code: int = 200) -> dict:
    return {code: ok, **ANSWERS(*codes)}


class _RetroView(BoardScopedApi):
    def retro(self) -> Retro:
        return selectors.retro_for(membership=self.member(), retro_id=self.kwargs["retro_id"])

    def room(self) -> Response:
        return Response(s.room_output(selectors.room(retro=self.retro(), viewer=self.request.user)))


class RetroListCreate(BoardScopedApi):
    @extend_schema(
        operation_id="retros_list",
        summary="The board's retros, latest sprint first",
        responses={200: s.RetroOut(many=True), **ANSWERS()},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(selectors.retros_of(board=self.member().board), lambda p: s.RetroOut(p, many=True).data)

    @extend_schema(
        operation_id="retros_open",
        summary="Open the retro of a sprint (Scrum Master; one per sprint)",
        request=s.RetroOpenInput,
        responses=answers(s.RetroRoomOut, 400, 403, 409, code=201),
    )
    def post(self, request: Request, slug: str) -> Response:
        membership = self.member()
        retro = services.retro_open(acting=membership, **self.parse(s.RetroOpenInput))
        retro.board = membership.board
        return Response(s.room_output(selectors.room(retro=retro, viewer=request.user)), status=201)


class RetroDetail(_RetroView):
    @extend_schema(operation_id="retro_room", summary="The retro as you may see it", responses=answers(s.RetroRoomOut))
    def get(self, request: Request, slug: str, retro_id: int) -> Response:
        return self.room()


class RetroPhase(_RetroView):
    @extend_schema(
        operation_id="retro_phase",
        summary="Move the retro forward: to the next phase, or to a named later one (Scrum Master)",
        request=s.RetroPhaseInput,
        responses=answers(s.RetroRoomOut, 400, 403, 409),
    )
    def post(self, request: Request, slug: str, retro_id: int) -> Response:
        membership = self.member()
        phase = self.parse(s.RetroPhaseInput).get("phase")
        services.retro_phase_move(acting=membership, retro=self.retro(), phase=phase)
        return self.room()


class RetroCards(_RetroView):
    @extend_schema(
        operation_id="retro_card_add",
        summary="Write a card (write phase)",
        request=s.RetroCardInput,
        responses=answers(s.RetroCardOut, 400, 409, code=201),
    )
    def post(self, request: Request, slug: str, retro_id: int) -> Response:
        membership = self.member()
        fields = self.parse(s.RetroCardInput)
        card = services.card_add(acting=membership, retro=self.retro(), **fields)
        return Response(s.card_output(selectors.card_view(card, viewer=request.user)), status=201)


class CardVote(_RetroView):
    def _answer(self, retro: Retro, card_id: int, left: int, code: int) -> Response:
        mine = retro.votes.filter(card_id=card_id, voter=self.request.user).count()
        return Response({"card": card_id, "my_votes": mine, "votes_left": left}, status=code)

    @extend_schema(
        operation_id="retro_vote_cast",
        summary="Put one of your votes on the card (vote phase; several may go on one card)",
        request=None,
        responses=answers(s.RetroVotesOut, 400, 409, code=201),
    )
    def post(self, request: Request, slug: str, retro_id: int, card_id: int) -> Response:
        membership = self.member()
        retro = self.retro()
        selectors.card_for(retro=retro, card_id=card_id)
        left = services.vote_cast(acting=membership, retro=retro, card_id=card_id)
        return self._answer(retro, card_id, left, 201)

    @extend_schema(
        operation_id="retro_vote_withdraw",
        summary="Take one of your votes back off the card (vote phase)",
        request=None,
        responses=answers(s.RetroVotesOut, 400, 409),
    )
    def delete(self, request: Request, slug: str, retro_id: int, card_id: int) -> Response:
        membership = self.member()
        retro = self.retro()
        selectors.card_for(retro=retro, card_id=card_id)
        left = services.vote_withdraw(acting=membership, retro=retro, card_id=card_id)
        return self._answer(retro, card_id, left, 200)


class RetroActions(_RetroView):
    @extend_schema(
        operation_id="retro_action_add",
        summary="Agree an action (discuss phase), owned by a member, optionally from a card and with a due date",
        request=s.RetroActionInput,
        responses=answers(s.RetroActionOut, 400, 409, code=201),
    )
    def post(self, request: Request, slug: str, retro_id: int) -> Response:
        membership = self.member()
        fields = self.parse(s.RetroActionInput)
        action = services.action_add(acting=membership, retro=self.retro(), **fields)
        return Response(s.RetroActionOut(action).data, status=201)


class RetroCard(_RetroView, VersionedBoardApi):
    @extend_schema(
        operation_id="retro_card_get",
        summary="Show a card as you see it",
        parameters=[ETAG],
        responses=answers(s.RetroCardOut),
    )
    def get(self, request: Request, slug: str, retro_id: int, card_id: int) -> Response:
        return self.show()

    def current(self) -> dict:
        card = selectors.card_seen(retro=self.retro(), card_id=self.kwargs["card_id"], viewer=self.request.user)
        return s.card_output(card)

    @extend_schema(
        operation_id="retro_card_update",
        summary="Rewrite your card or move it to another column (write phase, its author only)",
        parameters=[IF_MATCH],
        request=s.RetroCardPatch,
        responses={
            **answers(s.RetroCardOut, 400),
            403: OpenApiResponse(description="Only its author edits a card."),
            **stale_or_conflict(s.RetroCardOut, "card", "outside the write phase."),
        },
    )
    def patch(self, request: Request, slug: str, retro_id: int, card_id: int) -> Response:
        membership, retro = self.member(), self.retro()
        card = selectors.card_for(retro=retro, card_id=card_id)
        return self.edit(
            s.RetroCardPatch,
            lambda **fields: services.card_edit(acting=membership, retro=retro, card=card, **fields),
        )


class RetroAction(_RetroView, VersionedBoardApi):
    def retro_action(self) -> Action:
        action = self.retro().actions.select_related("owner").filter(pk=self.kwargs["action_id"]).first()
        if action is None:
            raise Http404(_("No such action in this retro."))
        return action

    def current(self) -> dict:
        return s.RetroActionOut(self.retro_action()).data

    @extend_schema(
        operation_id="retro_action_get",
        summary="Show an action",
        parameters=[ETAG],
        responses=answers(s.RetroActionOut),
    )
    def get(self, request: Request, slug: str, retro_id: int, action_id: int) -> Response:
        return self.show()

    @extend_schema(
        operation_id="retro_action_update",
        summary="Tick an action done (any member), or reopen it",
        parameters=[IF_MATCH],
        request=s.RetroActionPatch,
        responses={
            **answers(s.RetroActionOut, 400),
            **stale_or_conflict(s.RetroActionOut, "action", "it was carried over."),
        },
    )
    def patch(self, request: Request, slug: str, retro_id: int, action_id: int) -> Response:
        membership = self.member()
        return self.edit(
            s.RetroActionPatch,
            lambda **fields: services.action_mark(acting=membership, action=self.retro_action(), **fields),
            answer=lambda action: s.RetroActionOut(action).data,
        )


class RetroActionCarry(_RetroView):
    @extend_schema(
        operation_id="retro_action_carry",
        summary="Carry an open action of an earlier retro into this one (review phase)",
        request=None,
        responses=answers(s.RetroActionOut, 400, 409, code=201),
    )
    def post(self, request: Request, slug: str, retro_id: int, action_id: int) -> Response:
        membership = self.member()
        old = Action.objects.filter(pk=action_id, board_id=membership.board_id).first()
        if old is None:
            raise Http404(_("No such action on this board."))
        action = services.action_carry(acting=membership, retro=self.retro(), action=old)
        return Response(s.RetroActionOut(action).data, status=201)


class RetroExport(_RetroView):
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, MarkdownRenderer]

    @extend_schema(
        operation_id="retro_export",
        summary="A closed retro as Markdown (text/markdown, an attachment)",
        responses={
            (200, "text/markdown"): OpenApiResponse(OpenApiTypes.STR, description="The Markdown file."),
            # `?format=` picks the renderer: one that cannot be read (a null character) is a 400 naming it.
            **ANSWERS(400, 409, bad_input='A `format` that cannot be read: `{"format": [message]}`.'),
        },
    )
    def get(self, request: Request, slug: str, retro_id: int) -> HttpResponse:
        retro = self.retro()
        if not retro.closed:
            raise Conflict(_("Only a closed retro is exported; close it first."))
        return markdown_response(retro)


def markdown_response(retro: Retro) -> HttpResponse:
    response = HttpResponse(export.retro_markdown(retro), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(retro)}"'
    return response
