"""A member's saved filters of a board's backlog: their own, seen by nobody else."""

from django.db import transaction
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from boards.filters import Viewer, filters_from
from boards.models import Membership, SavedFilter
from boards.services.labels import board_labels
from scrum_app.errors import InvalidInput

# Enough for every theme of a real backlog; a list longer than this is no longer a shortcut.
SAVED_FILTERS_LIMIT = 30


@transaction.atomic
def saved_filter_save(*, acting: Membership, name: str, query: str) -> SavedFilter:
    """Keep the backlog filter `query` (a query string) under `name` for the acting member; a name they used already
    on this board now means this filter. The query must hold at least one valid filter; it is kept in its
    normal form (boards.filters). One statement inserts or replaces, so two saves of one name at once both succeed
    and the last one wins (the name's uniqueness is the database's)."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("Give the filter a name."), field="name")
    if len(name) > SavedFilter.NAME_LIMIT:
        raise InvalidInput(
            _("Name it in at most %(limit)d characters.") % {"limit": SavedFilter.NAME_LIMIT}, field="name"
        )
    members = Membership.objects.filter(board=acting.board)
    viewer = Viewer(
        username=acting.user.get_username(),
        is_member=lambda username: members.filter(user__username=username).exists(),
        label_names=lambda: set(board_labels(acting.board_id)),
    )
    filters, errors = filters_from(QueryDict(query), viewer=viewer)
    if not filters or errors:
        raise InvalidInput(_("Choose a filter or search for something first."), field="name")
    saved = SavedFilter.objects.filter(user=acting.user, board=acting.board)
    if saved.count() >= SAVED_FILTERS_LIMIT and not saved.filter(name=name).exists():
        raise InvalidInput(
            _("You have %(limit)d saved filters on this board; delete one first.") % {"limit": SAVED_FILTERS_LIMIT},
            field="name",
        )
    [kept] = SavedFilter.objects.bulk_create(
        [SavedFilter(user=acting.user, board=acting.board, name=name, query=filters.query_string())],
        update_conflicts=True,
        unique_fields=["user", "board", "name"],
        update_fields=["query"],
    )
    return kept


@transaction.atomic
def saved_filter_delete(*, acting: Membership, filter_id: int) -> None:
    """Delete one of the acting member's saved filters of this board; anyone else's is as missing as an unknown one."""
    deleted, _kinds = SavedFilter.objects.filter(pk=filter_id, user=acting.user, board=acting.board).delete()
    if not deleted:
        raise Http404(_("No such saved filter."))
