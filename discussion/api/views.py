"""An item's comments: list and add (every member), edit (the author only), delete (the author or the Scrum Master)."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.views.base import BoardScopedApi
from boards.models import BacklogItem
from boards.selectors import item_for_board
from discussion import services
from discussion.api.serializers import CommentIn, CommentOut
from discussion.models import Comment
from discussion.selectors import comment_for_item, comments_of, member_names, with_html
from scrum_app.api_errors import ANSWERS


class _CommentsApi(BoardScopedApi):
    # The item's comments and their shape (html with the board's members' mentions marked).

    def item(self, item_id: int) -> BacklogItem:
        return item_for_board(board=self.member().board, item_id=item_id)

    def shaped(self, comments: list[Comment]) -> list[dict]:
        names = member_names(board=self.member().board)
        return CommentOut(with_html(comments, names=names), many=True).data


class CommentListCreateApi(_CommentsApi):
    @extend_schema(
        summary="List an item's comments",
        description="Oldest first, paginated like every list. Every member may read them.",
        responses={200: CommentOut(many=True), **ANSWERS()},
    )
    def get(self, request: Request, slug: str, item_id: int) -> Response:
        comments = comments_of(item=self.item(item_id))
        return self.paginated(comments, lambda page: self.shaped(list(page)))

    @extend_schema(
        summary="Comment on an item",
        description=(
            "Every member may. `text` is Markdown (a safe subset, rendered in `html`); an empty one or one over "
            f"{Comment.TEXT_LIMIT} characters is a 400 on `text`. `@username` of a member mentions them."
        ),
        request=CommentIn,
        responses={201: CommentOut, **ANSWERS(400)},
        examples=[OpenApiExample("A comment", value={"text": "Looks good, @dave: **ship it**."}, request_only=True)],
    )
    def post(self, request: Request, slug: str, item_id: int) -> Response:
        item = self.item(item_id)
        comment = services.comment_create(acting=self.member(), item=item, **self.parse(CommentIn))
        return Response(self.shaped([comment])[0], status=status.HTTP_201_CREATED)


class CommentApi(_CommentsApi):
    @extend_schema(
        summary="Edit a comment",
        description="Its author only (a 403 for anyone else); it is shown as edited (`edited_at`).",
        request=CommentIn,
        responses={200: CommentOut, **ANSWERS(400, 403, forbidden="Only its author can edit a comment.")},
    )
    def patch(self, request: Request, slug: str, item_id: int, comment_id: int) -> Response:
        comment = comment_for_item(item=self.item(item_id), comment_id=comment_id)
        fields = self.parse(CommentIn)
        return Response(self.shaped([services.comment_edit(acting=self.member(), comment=comment, **fields)])[0])

    @extend_schema(
        summary="Delete a comment",
        description="Its author may, and the Scrum Master may delete any; nothing of it is kept.",
        request=None,
        responses={
            204: OpenApiResponse(description="Deleted."),
            **ANSWERS(403, forbidden="Only its author or the Scrum Master can delete a comment."),
        },
    )
    def delete(self, request: Request, slug: str, item_id: int, comment_id: int) -> Response:
        comment = comment_for_item(item=self.item(item_id), comment_id=comment_id)
        services.comment_delete(acting=self.member(), comment=comment)
        return Response(status=status.HTTP_204_NO_CONTENT)
