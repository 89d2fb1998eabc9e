"""Review API: one class per operation, under /boards/{slug}/sprints/{number}/review/. Non-members 404; opening is
the Scrum Master's, verdicts and the goal the Product Owner's, closing either's; feedback any member's."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from boards.api.views.base import BoardScopedApi
from reviews import export, selectors, services
from reviews.api import serializers as s
from reviews.models import Review
from scrum_app.api_errors import ErrorAnswers
from scrum_app.errors import Conflict
from scrum_app.markdown import MarkdownRenderer
from sprints.selectors import sprint_for

ANSWERS = ErrorAnswers(
    bad_input="Bad input: `{field: [message]}` naming the field (`verdict`, `note`, `text`, …).",
    forbidden="Only the Scrum Master opens a review, only the Product Owner decides on items and the goal, the Scrum "
    "Master or the Product Owner closes it; the message says so.",
    missing="No such board, sprint, review, item of the review or note for you (outsiders see every board as missing).",
    conflict="The review exists already, the sprint is only planned, the review is closed, the item was decided "
    'already, or the Definition of Done blocks the acceptance: `{"detail", "unmet": [...]}`.',
)


def answers(ok: object, *codes: int, code: int = 200) -> dict:
    return {code: ok, **ANSWERS(*codes)}


class _ReviewView(BoardScopedApi):
    def review(self) -> Review:
        return selectors.review_for(board=self.member().board, number=self.kwargs["number"])

    def show(self, review: Review, status: int = 200) -> Response:
        return Response(s.review_output(selectors.summary(review=review)), status=status)


class ReviewDetail(_ReviewView):
    @extend_schema(operation_id="review_get", summary="The sprint's review", responses=answers(s.ReviewOut))
    def get(self, request: Request, slug: str, number: int) -> Response:
        return self.show(self.review())

    @extend_schema(
        operation_id="review_open",
        summary="Open the review of an active or closed sprint (Scrum Master; one per sprint)",
        request=None,
        responses=answers(s.ReviewOut, 403, 409, code=201),
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        membership = self.member()
        sprint = sprint_for(board=membership.board, number=number)
        review = services.review_open(acting=membership, sprint=sprint)
        return self.show(review, status=201)

    @extend_schema(
        operation_id="review_update",
        summary="Record whether the sprint goal was met (Product Owner)",
        request=s.ReviewPatch,
        responses=answers(s.ReviewOut, 400, 403, 409),
    )
    def patch(self, request: Request, slug: str, number: int) -> Response:
        membership, review = self.member(), self.review()
        fields = self.parse(s.ReviewPatch)
        return self.show(services.goal_met_set(acting=membership, review=review, goal_met=fields["goal_met"]))


class ReviewItemDecide(_ReviewView):
    @extend_schema(
        operation_id="review_item_decide",
        summary="Accept an item (PO review becomes Done) or reject it with a note (Product Owner; once per item)",
        request=s.ReviewDecisionInput,
        responses=answers(s.ReviewOut, 400, 403, 409),
    )
    def post(self, request: Request, slug: str, number: int, item_id: int) -> Response:
        membership, review = self.member(), self.review()
        fields = self.parse(s.ReviewDecisionInput)
        services.item_decide(acting=membership, review=review, item_id=item_id, **fields)
        return self.show(review)


class ReviewFeedback(_ReviewView):
    @extend_schema(
        operation_id="review_feedback_add",
        summary="Record stakeholder feedback (any member); with to_backlog it becomes a backlog item",
        request=s.ReviewFeedbackInput,
        responses=answers(s.ReviewFeedbackOut, 400, 403, 409, code=201),
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        membership, review = self.member(), self.review()
        feedback = services.feedback_add(acting=membership, review=review, **self.parse(s.ReviewFeedbackInput))
        return Response(s.feedback_output(feedback), status=201)


class ReviewFeedbackToBacklog(_ReviewView):
    @extend_schema(
        operation_id="review_feedback_to_backlog",
        summary="Turn a note into a new backlog item, at the bottom (or the top: Product Owner, Scrum Master)",
        request=s.ReviewToBacklogInput,
        responses=answers(s.ReviewFeedbackOut, 400, 403, 409, code=201),
    )
    def post(self, request: Request, slug: str, number: int, feedback_id: int) -> Response:
        membership, review = self.member(), self.review()
        fields = self.parse(s.ReviewToBacklogInput)
        feedback = services.feedback_to_backlog(acting=membership, review=review, feedback_id=feedback_id, **fields)
        return Response(s.feedback_output(feedback), status=201)


class ReviewClose(_ReviewView):
    @extend_schema(
        operation_id="review_close",
        summary="Close the review: a read-only summary from then on (Scrum Master or Product Owner)",
        request=None,
        responses=answers(s.ReviewOut, 403, 409),
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        membership, review = self.member(), self.review()
        return self.show(services.review_close(acting=membership, review=review))


class ReviewExport(_ReviewView):
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, MarkdownRenderer]

    @extend_schema(
        operation_id="review_export",
        summary="A closed review as Markdown (text/markdown, an attachment)",
        responses={
            (200, "text/markdown"): OpenApiResponse(OpenApiTypes.STR, description="The Markdown file."),
            # `?format=` picks the renderer: one that cannot be read (a null character) is a 400 naming it.
            **ANSWERS(400, 409, bad_input='A `format` that cannot be read: `{"format": [message]}`.'),
        },
    )
    def get(self, request: Request, slug: str, number: int) -> HttpResponse:
        review = self.review()
        if not review.closed:
            raise Conflict(_("Only a closed review is exported; close it first."))
        return markdown_response(review)


def markdown_response(review: Review) -> HttpResponse:
    response = HttpResponse(export.review_markdown(review), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(review)}"'
    return response
