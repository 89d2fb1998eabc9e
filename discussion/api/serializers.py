"""The API's shapes of an item's comments."""

from rest_framework import serializers

from discussion.models import Comment
from discussion.services import comment_text_check
from scrum_app.api_input import CheckedText, StrictInput


class CommentOut(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The comment's id (…/comments/{id}/ edits it).")
    author = serializers.SerializerMethodField(help_text="The author's username; null for a deleted account.")
    text = serializers.CharField(read_only=True, help_text="The comment as written, in Markdown.")
    html = serializers.CharField(
        read_only=True,
        help_text=(
            "The text rendered: a sanitized Markdown subset (paragraphs, emphasis, code, lists, quotes, http(s) and "
            'mailto links with rel="nofollow noopener"; no raw HTML, no images); a member\'s @username is a '
            '`<span class="mention">`.'
        ),
    )
    created_at = serializers.DateTimeField(read_only=True)
    edited_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="null until it is edited.")

    def get_author(self, comment: Comment) -> str | None:
        return comment.author.get_username() if comment.author else None


class CommentIn(StrictInput):
    text = CheckedText(
        check=comment_text_check, help_text=f"The comment in Markdown: 1 to {Comment.TEXT_LIMIT} characters (trimmed)."
    )
