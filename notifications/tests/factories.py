import factory

from boards.tests.factories import BoardFactory, UserFactory
from notifications.models import Notification, NotificationKind


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    board = factory.SubFactory(BoardFactory)
    kind = NotificationKind.ASSIGNED
    text = factory.Sequence(lambda n: f"Story {n}")
    key = factory.Sequence(lambda n: f"test:{n}")
