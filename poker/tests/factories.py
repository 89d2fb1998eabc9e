import factory

from boards.tests.factories import BoardFactory
from poker.models import PokerSession


class PokerSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PokerSession

    board = factory.SubFactory(BoardFactory)
