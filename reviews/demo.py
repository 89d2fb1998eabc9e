"""The demo board's sprint review, for the seed_demo command: the review of the last closed sprint, held through the
review services as in real use: the Product Owner accepts its first Done item, a developer's feedback goes to the
bottom of the backlog, the goal is met, and the review is closed (so its summary and export show)."""

from boards.demo import Demo
from reviews import services
from reviews.models import Review, ReviewItem
from sprints.models import Sprint, SprintState


def seed_reviews(demo: Demo) -> None:
    """Nothing when the board has a review already, or no closed sprint."""
    board = demo.board
    sprint = Sprint.objects.filter(board=board, state=SprintState.CLOSED).order_by("number").last()
    if sprint is None or Review.objects.filter(board=board).exists():
        return
    sm, po, dev = demo.members["sam"], demo.members["paula"], demo.members["dana"]
    sprint.board = board
    review = services.review_open(acting=sm, sprint=sprint)
    first = ReviewItem.objects.filter(review=review, item__status="done").order_by("item__rank").first()
    if first is not None:
        services.item_decide(acting=po, review=review, item_id=first.item_id, verdict="accepted")
    services.feedback_add(acting=dev, review=review, text="Stakeholders asked for a weekly summary e-mail.")
    services.feedback_add(acting=po, review=review, text="Show the burndown on the board page too.", to_backlog=True)
    services.goal_met_set(acting=po, review=review, goal_met=True)
    services.review_close(acting=sm, review=review)
    demo.created.append(f"The review of Sprint {sprint.number}, closed, with two notes of feedback.")
