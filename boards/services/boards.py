"""Writes of a board and its settings: creating it, its name, calendar and sprint length, its WIP limits."""

import zoneinfo
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boards.locks import lock_board
from boards.models import (
    Board,
    Membership,
    Role,
    Status,
    WipLimit,
)
from boards.selectors import require_role
from boards.services.definitions import definitions_add_defaults
from boards.services.members import membership_add
from scrum_app.errors import Conflict, InvalidInput
from scrum_app.versions import locked_at_version, next_version

# The settings a board's Scrum Master (or the admin) changes, besides its WIP limits.
SETTINGS = (
    "name",
    "description",
    "sprint_length_weeks",
    "retro_vote_budget",
    "refinement_minutes",
    "working_days",
    "time_zone",
)


def _validate_board_fields(fields: Mapping[str, Any]) -> None:
    if "name" in fields and not str(fields["name"]).strip():
        raise InvalidInput(_("A board needs a name."), field="name")
    if "name" in fields and len(fields["name"]) > 100:
        raise InvalidInput(_("Keep the name to 100 characters."), field="name")
    if "sprint_length_weeks" in fields and fields["sprint_length_weeks"] not in (1, 2, 3, 4):
        raise InvalidInput(_("Sprints last 1, 2, 3 or 4 weeks."), field="sprint_length_weeks")
    if "retro_vote_budget" in fields and not 1 <= fields["retro_vote_budget"] <= 20:
        raise InvalidInput(_("The vote budget is between 1 and 20."), field="retro_vote_budget")
    if "refinement_minutes" in fields and not 5 <= fields["refinement_minutes"] <= 240:
        raise InvalidInput(_("A refinement session lasts 5 to 240 minutes."), field="refinement_minutes")
    if "working_days" in fields:
        days = fields["working_days"]
        if not days or not all(isinstance(d, int) and 1 <= d <= 7 for d in days) or len(set(days)) != len(days):
            raise InvalidInput(
                _("Working days are ISO weekdays 1 (Monday) to 7 (Sunday), at least one."), field="working_days"
            )
    if "time_zone" in fields and fields["time_zone"] not in zoneinfo.available_timezones():
        raise InvalidInput(_("Unknown time zone %(zone)r.") % {"zone": fields["time_zone"]}, field="time_zone")


# Addresses the API uses beside boards' own (/api/v1/boards/import/): no board takes them.
RESERVED_SLUGS = frozenset({"import"})


def _taken(slug: str) -> bool:
    return slug in RESERVED_SLUGS or Board.objects.filter(slug=slug).exists()


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "board"
    slug, n = base, 2
    while _taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def board_create(*, user: AbstractBaseUser, name: str, slug: str = "", **fields: Any) -> Board:
    """Create a board with the default Definitions of Ready and Done; its creator becomes its Scrum Master."""
    fields = {"name": name, **fields}
    _validate_board_fields(fields)
    if slug:
        if slugify(slug) != slug:
            raise InvalidInput(_("A slug holds only lowercase letters, digits and hyphens."), field="slug")
        if _taken(slug):
            raise Conflict(_("The slug %(slug)r is taken.") % {"slug": slug}, field="slug")
    else:
        slug = _unique_slug(name)
    fields["working_days"] = sorted(fields.get("working_days") or [1, 2, 3, 4, 5])
    try:
        with transaction.atomic():
            board = Board.objects.create(slug=slug, **fields)
    except IntegrityError:
        raise Conflict(_("The slug %(slug)r is taken.") % {"slug": slug}, field="slug") from None
    membership_add(board=board, user=user, role=Role.SCRUM_MASTER)
    definitions_add_defaults(board=board)
    return board


@transaction.atomic
def board_update(
    *,
    acting: Membership,
    version: int | None = None,
    wip_limits: Mapping[str, int | None] | None = None,
    **fields: Any,
) -> Board:
    """Change board settings and, with `wip_limits`, the given columns' limits (None clears one): the Scrum Master's
    job, all of it or nothing. With `version` (the one the editor loaded) a stale save raises StaleVersion."""
    require_role(acting, Role.SCRUM_MASTER, action=_("change the board settings"))
    return board_settings_set(board=acting.board, version=version, wip_limits=wip_limits, **fields)


@transaction.atomic
def board_settings_set(
    *,
    board: Board,
    version: int | None = None,
    wip_limits: Mapping[str, int | None] | None = None,
    **fields: Any,
) -> Board:
    """board_update for the admin and scripts, which act as no member: the same rules, no role check."""
    unknown = set(fields) - set(SETTINGS)
    if unknown:
        raise InvalidInput(_("This setting cannot be changed."), field=sorted(unknown)[0])
    _validate_board_fields(fields)
    lock_board(board.pk)  # sprint planning reads the sprint length and time zone under it
    locked_at_version(Board.objects.only("version"), pk=board.pk, version=version, what="board's settings")
    if "working_days" in fields:
        fields["working_days"] = sorted(fields["working_days"])
    for name, value in fields.items():
        setattr(board, name, value)
    if wip_limits:
        _wip_limits_save(board, wip_limits)
    board.version = next_version()  # the saved value comes back from the UPDATE
    board.save(update_fields=[*fields, "version"])
    return board


@transaction.atomic
def wip_limit_set(*, acting: Membership, status: str, limit: int | None) -> None:
    """Set or clear (None) one column's WIP limit."""
    require_role(acting, Role.SCRUM_MASTER, action=_("change WIP limits"))
    lock_board(acting.board_id)
    _wip_limit_save(acting.board, status, limit)


def _wip_limit_save(board: Board, status: str, limit: int | None) -> None:
    """Under the board's lock."""
    if status not in Status.values:
        raise InvalidInput(_("Unknown column %(status)r.") % {"status": status}, field="status")
    if limit is None:
        WipLimit.objects.filter(board=board, status=status).delete()
        return
    if not isinstance(limit, int) or limit < 1 or limit > 999:
        raise InvalidInput(_("A WIP limit is a whole number from 1 to 999, or empty for none."), field="limit")
    WipLimit.objects.update_or_create(board=board, status=status, defaults={"limit": limit})


@transaction.atomic
def wip_limits_set(*, acting: Membership, limits: Mapping[str, int | None]) -> None:
    """Set or clear several columns' WIP limits at once: all of them, or none when one is invalid.

    An invalid entry raises InvalidInput with the field named `wip_limits.<status>`.
    """
    require_role(acting, Role.SCRUM_MASTER, action=_("change WIP limits"))
    lock_board(acting.board_id)
    _wip_limits_save(acting.board, limits)


def _wip_limits_save(board: Board, limits: Mapping[str, int | None]) -> None:
    """Under the board's lock."""
    for status, limit in limits.items():
        try:
            _wip_limit_save(board, status, limit)
        except InvalidInput as error:
            raise InvalidInput(error.message, field=f"wip_limits.{status}") from None
