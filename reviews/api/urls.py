"""Included under /api/v1/boards/<slug>/sprints/<number>/review/ by scrum_app.api_urls."""

from django.urls import path

from reviews.api import views

urlpatterns = [
    path("", views.ReviewDetail.as_view(), name="review"),
    path("items/<int:item_id>/", views.ReviewItemDecide.as_view(), name="review-item"),
    path("feedback/", views.ReviewFeedback.as_view(), name="review-feedback"),
    path(
        "feedback/<int:feedback_id>/backlog/", views.ReviewFeedbackToBacklog.as_view(), name="review-feedback-backlog"
    ),
    path("close/", views.ReviewClose.as_view(), name="review-close"),
    path("export/", views.ReviewExport.as_view(), name="review-export"),
]
