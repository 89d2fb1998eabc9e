import factory
from django.contrib.auth import get_user_model

from boards import ranking
from boards.models import BacklogItem, Board, ChecklistEntry, Membership, Role

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):  # noqa: N805
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    board = factory.SubFactory(BoardFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.DEVELOPER


class BacklogItemFactory(factory.django.DjangoModelFactory):
    """An item at the bottom of its board's backlog."""

    class Meta:
        model = BacklogItem

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    rank = factory.LazyAttribute(lambda item: ranking.rank_after_last(item.board))


class ChecklistEntryFactory(factory.django.DjangoModelFactory):
    """An entry at the end of its item's checklist."""

    class Meta:
        model = ChecklistEntry

    item = factory.SubFactory(BacklogItemFactory)
    board = factory.LazyAttribute(lambda entry: entry.item.board)
    text = factory.Sequence(lambda n: f"Step {n}")
    position = factory.LazyAttribute(lambda entry: ChecklistEntry.objects.filter(item=entry.item).count())
