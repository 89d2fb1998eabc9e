"""Small explicit input and output shapes for the review API, built from the review's summary selector."""

from rest_framework import serializers

from reviews.models import Verdict
from reviews.selectors import Summary
from scrum_app.api_input import StrictInput


class ReviewDecisionInput(StrictInput):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default="", help_text="Required for a rejection."
    )


class ReviewFeedbackInput(StrictInput):
    text = serializers.CharField(max_length=1000)
    to_backlog = serializers.BooleanField(default=False, help_text="Make the note a new backlog item at once.")
    position = serializers.ChoiceField(
        choices=["top", "bottom"],
        default="bottom",
        help_text="Where the new item goes in the backlog; the top is the Product Owner's or Scrum Master's call.",
    )


class ReviewToBacklogInput(StrictInput):
    position = serializers.ChoiceField(choices=["top", "bottom"], default="bottom")


class ReviewPatch(StrictInput):
    goal_met = serializers.BooleanField(allow_null=True)


class ReviewItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    points = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    verdict = serializers.ChoiceField(choices=Verdict.choices, allow_null=True)
    note = serializers.CharField()


class ReviewFeedbackOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    author = serializers.CharField(allow_null=True)
    item = serializers.IntegerField(allow_null=True, help_text="The backlog item the note became.")


class ReviewOut(serializers.Serializer):
    sprint = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["open", "closed"])
    goal = serializers.CharField()
    goal_met = serializers.BooleanField(allow_null=True)
    committed_points = serializers.IntegerField()
    completed_points = serializers.IntegerField()
    items = ReviewItemOut(many=True)
    feedback = ReviewFeedbackOut(many=True)


def feedback_output(feedback: object) -> dict:
    return {
        "id": feedback.pk,
        "text": feedback.text,
        "author": feedback.author.get_username() if feedback.author else None,
        "item": feedback.item_id,
    }


def review_output(summary: Summary) -> dict:
    review = summary.review
    return {
        "sprint": summary.sprint.number,
        "state": review.state,
        "goal": summary.sprint.goal,
        "goal_met": review.goal_met,
        "committed_points": summary.committed_points,
        "completed_points": summary.completed_points,
        "items": [
            {
                "id": row.item.pk,
                "title": row.item.title,
                "points": row.item.points,
                "status": row.item.status,
                "verdict": row.verdict or None,
                "note": row.note,
            }
            for row in summary.rows
        ],
        "feedback": [feedback_output(feedback) for feedback in summary.feedback],
    }
