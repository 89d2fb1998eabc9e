"""Retro API: one class per operation. Access: non-members 404; opening and moving phases is the Scrum Master's."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from boards.api.views.base import api_member
from boards.models import Membership
from retros import export, selectors, services
from retros.api import serializers as s
from retros.models import Action, Retro
from scrum_app.api_versions import ETAG, IF_MATCH, stale_or_conflict, versioned, versioned_write
from scrum_app.errors import Conflict
from scrum_app.pagination import PageNumberPagination

ERRORS = {
    400: OpenApiResponse(description="Bad input: `{field: [message]}` naming the field (`column`, `owner`, …)."),
    403: OpenApiResponse(description="Only the Scrum Master opens a retro and moves its phases; the message says so."),
    404: OpenApiResponse(
        description="No such board, retro, card or action for you (outsiders see every board as missing; the ids of "
        "another board's retro, card or action are as missing as unknown ones)."
    ),
    409: OpenApiResponse(
        description="Clashes with the retro's phase (a card when closed, a vote outside the vote phase), or a vote "
        'over the budget: `{"detail", "votes_left"}`.'
    ),
}


def answers(ok: object, *codes: int, code: int = 200) -> dict:
    return {code: ok, 404: ERRORS[404], **{c: ERRORS[c] for c in codes}}


class _RetroView(APIView):
    def member(self) -> Membership:
        return api_member(self.request, self.kwargs["slug"])

    def retro(self, membership: Membership) -> Retro:
        return selectors.retro_for(membership=membership, retro_id=self.kwargs["retro_id"])

    def room(self, membership: Membership, code: int = status.HTTP_200_OK) -> Response:
        retro = self.retro(membership)
        return Response(s.room_output(selectors.room(retro=retro, viewer=self.request.user)), status=code)


class RetroListCreate(APIView):
    pagination_class = PageNumberPagination  # the list answers a page, and the schema says so

    @extend_schema(
        operation_id="retros_list",
        summary="The board's retros, latest sprint first",
        responses={200: s.RetroOut(many=True), 404: ERRORS[404]},
    )
    def get(self, request: Request, slug: str) -> Response:
        membership = api_member(request, slug)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.retros_of(board=membership.board), request, view=self)
        return paginator.get_paginated_response(s.RetroOut(page, many=True).data)

    @extend_schema(
        operation_id="retros_open",
        summary="Open the retro of a sprint (Scrum Master; one per sprint)",
        request=s.RetroOpenInput,
        responses=answers(s.RetroRoomOut, 400, 403, 409, code=201),
    )
    def post(self, request: Request, slug: str) -> Response:
        membership = api_member(request, slug)
        data = s.RetroOpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        retro = services.retro_open(acting=membership, **data.validated_data)
        retro.board = membership.board
        return Response(s.room_output(selectors.room(retro=retro, viewer=request.user)), status=201)


class RetroDetail(_RetroView):
    @extend_schema(operation_id="retro_room", summary="The retro as you may see it", responses=answers(s.RetroRoomOut))
    def get(self, request: Request, slug: str, retro_id: int) -> Response:
        return self.room(self.member())


class RetroPhase(_RetroView):
    @extend_schema(
        operation_id="retro_phase",
        summary="Move the retro forward: to the next phase, or to a named later one (Scrum Master)",
        request=s.RetroPhaseInput,
        responses=answers(s.RetroRoomOut, 400, 403, 409),
    )
    def post(self, request: Request, slug: str, retro_id: int) -> Response:
        membership = self.member()
        data = s.RetroPhaseInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.retro_phase_move(
            acting=membership, retro=self.retro(membership), phase=data.validated_data.get("phase")
        )
        return self.room(membership)


class RetroCards(_RetroView):
    @extend_schema(
        operation_id="retro_card_add",
        summary="Write a card (write phase)",
        request=s.RetroCardInput,
        responses=answers(s.RetroCardOut, 400, 409, code=201),
    )
    def post(self, request: Request, slug: str, retro_id: int) -> Response:
        membership = self.member()
        data = s.RetroCardInput(data=request.data)
        data.is_valid(raise_exception=True)
        card = services.card_add(acting=membership, retro=self.retro(membership), **data.validated_data)
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
        retro = self.retro(membership)
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
        retro = self.retro(membership)
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
        data = s.RetroActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        action = services.action_add(acting=membership, retro=self.retro(membership), **data.validated_data)
        return Response(s.RetroActionOut(action).data, status=201)


class _ActionView(_RetroView):
    def action_of(self, retro: Retro) -> Action:
        action = retro.actions.select_related("owner").filter(pk=self.kwargs["action_id"]).first()
        if action is None:
            raise Http404(_("No such action in this retro."))
        return action


class RetroCard(_RetroView):
    @extend_schema(
        operation_id="retro_card_get",
        summary="Show a card as you see it",
        parameters=[ETAG],
        responses=answers(s.RetroCardOut),
    )
    def get(self, request: Request, slug: str, retro_id: int, card_id: int) -> Response:
        return versioned(self.now(card_id))

    def now(self, card_id: int) -> dict:
        retro = self.retro(self.member())
        return s.card_output(selectors.card_seen(retro=retro, card_id=card_id, viewer=self.request.user))

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
        membership = self.member()
        retro = self.retro(membership)
        card = selectors.card_for(retro=retro, card_id=card_id)
        data = s.RetroCardPatch(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        versioned_write(
            request,
            version=fields.pop("version", None),
            write=lambda version: services.card_edit(
                acting=membership, retro=retro, card=card, version=version, **fields
            ),
            current=lambda: self.now(card_id),
        )
        return versioned(self.now(card_id))


class RetroAction(_ActionView):
    @extend_schema(
        operation_id="retro_action_get",
        summary="Show an action",
        parameters=[ETAG],
        responses=answers(s.RetroActionOut),
    )
    def get(self, request: Request, slug: str, retro_id: int, action_id: int) -> Response:
        return versioned(self.now())

    def now(self) -> dict:
        return s.RetroActionOut(self.action_of(self.retro(self.member()))).data

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
        data = s.RetroActionPatch(data=request.data)
        data.is_valid(raise_exception=True)
        action = self.action_of(self.retro(membership))
        action = versioned_write(
            request,
            version=data.validated_data.get("version"),
            write=lambda version: services.action_mark(
                acting=membership, action=action, done=data.validated_data["done"], version=version
            ),
            current=self.now,
        )
        return versioned(s.RetroActionOut(action).data)


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
        action = services.action_carry(acting=membership, retro=self.retro(membership), action=old)
        return Response(s.RetroActionOut(action).data, status=201)


class MarkdownRenderer(BaseRenderer):
    """Lets a client send `Accept: text/markdown` (else a 406). The export itself is written by retros.export and
    returned as it is; this renders only the errors, as plain lines ("detail: …")."""

    media_type = "text/markdown"
    format = "md"
    charset = "utf-8"

    def render(
        self, data: object, accepted_media_type: str | None = None, renderer_context: dict | None = None
    ) -> bytes:
        items = data.items() if isinstance(data, dict) else [("detail", data)]
        lines = [f"{key}: {' '.join(map(str, value)) if isinstance(value, list) else value}" for key, value in items]
        return ("\n".join(lines) + "\n").encode(self.charset)


class RetroExport(_RetroView):
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, MarkdownRenderer]

    @extend_schema(
        operation_id="retro_export",
        summary="A closed retro as Markdown (text/markdown, an attachment)",
        responses={
            (200, "text/markdown"): OpenApiResponse(OpenApiTypes.STR, description="The Markdown file."),
            404: ERRORS[404],
            409: ERRORS[409],
        },
    )
    def get(self, request: Request, slug: str, retro_id: int) -> HttpResponse:
        membership = self.member()
        retro = self.retro(membership)
        if not retro.closed:
            raise Conflict(_("Only a closed retro is exported; close it first."))
        return markdown_response(retro)


def markdown_response(retro: Retro) -> HttpResponse:
    response = HttpResponse(export.retro_markdown(retro), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(retro)}"'
    return response
