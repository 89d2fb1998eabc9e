from django.contrib import admin

from discussion.models import Comment
from scrum_app.admin import ViewOnlyAdmin


@admin.register(Comment)
class CommentAdmin(ViewOnlyAdmin):
    """Comments are written, edited and deleted by members through the services (the author, the Scrum Master)."""

    list_display = ["__str__", "board", "author", "created_at", "edited_at"]
    list_select_related = ["board", "author"]
    raw_id_fields = ["board", "item", "author"]
