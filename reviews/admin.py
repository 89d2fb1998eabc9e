"""Admin for sprint reviews: view-only for support. Writes go through the services (the review page and the API),
so the Product Owner's rules and the Definition of Done hold; an admin form would bypass both."""

from django.contrib import admin

from reviews.models import Feedback, Review, ReviewItem
from scrum_app.admin import ViewOnlyAdmin


@admin.register(Review)
class ReviewAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "board", "sprint", "state", "goal_met", "created_at", "closed_at"]
    list_filter = ["state"]


@admin.register(ReviewItem)
class ReviewItemAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "review", "item", "verdict", "decided_at"]
    list_filter = ["verdict"]


@admin.register(Feedback)
class FeedbackAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "review", "author", "item", "created_at"]
