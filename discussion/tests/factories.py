import factory
from django.utils import timezone

from boards.tests.factories import BacklogItemFactory
from discussion.models import Comment


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    item = factory.SubFactory(BacklogItemFactory)
    board = factory.SelfAttribute("item.board")
    text = "Looks good."
    created_at = factory.LazyFunction(timezone.now)
