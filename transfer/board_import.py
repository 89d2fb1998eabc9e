"""The board import: a board export (transfer.board_data) becomes a new board with everything in it.

People are matched by username; a member who has no account here is left out and reported, as is every row that
cannot be without them (a retro card's author). The importer joins the new board: in the role the file gives them,
else as its Scrum Master when the file's is not here, else as a developer. One transaction: all of it or nothing.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils.translation import gettext as _

from boards import services as boards
from boards.models import Board, Membership, Role
from scrum_app.errors import Conflict, InvalidInput
from transfer.board_data import BOARD_SETTINGS, FORMAT, FORMAT_VERSION, TABLE_OF, TABLES, Table, is_user


@dataclass
class BoardImport:
    board: Board
    warnings: list[str] = field(default_factory=list)


def _check_shape(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(_("This is not a board export of this app."), field="format")
    if data.get("version") != FORMAT_VERSION:
        raise InvalidInput(
            _("Export format version %(version)s is not one this app reads.") % {"version": data.get("version")},
            field="version",
        )
    if not isinstance(data.get("board"), dict) or not isinstance(data.get("members"), list):
        raise InvalidInput(_("The export has no board or no members."), field="board")
    for name, value in data["board"].items():
        kind = SETTING_TYPES.get(name)
        if kind and not (isinstance(value, kind) and not isinstance(value, bool)):
            raise InvalidInput(_("The board's %(field)s is not valid.") % {"field": name}, field=name)
    if not all(isinstance(m, dict) and isinstance(m.get("username"), str) for m in data["members"]):
        raise InvalidInput(_("Each member is a username and a role."), field="members")
    for table in TABLES:
        rows = data.get(table.name, [])
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise InvalidInput(_("%(table)s is not a list of rows.") % {"table": table.name}, field=table.name)


SETTING_TYPES = {
    "slug": str,
    "name": str,
    "description": str,
    "time_zone": str,
    "sprint_length_weeks": int,
    "retro_vote_budget": int,
    "refinement_minutes": int,
    "working_days": list,
}


class _Importer:
    def __init__(self, data: dict[str, Any], board: Board) -> None:
        self.data, self.board = data, board
        names = {str(m.get("username")) for m in data["members"]}
        for table in TABLES:
            for row in data.get(table.name, []):
                names |= {row[f.name] for f in table.fields() if is_user(f) and isinstance(row.get(f.name), str)}
        users = get_user_model().objects.filter(**{f"{get_user_model().USERNAME_FIELD}__in": names})
        self.users = {user.get_username(): user for user in users}
        self.created: dict[str, list[models.Model | None]] = {}
        self.warnings: list[str] = []

    def user(self, name: object) -> AbstractBaseUser | None:
        return self.users.get(name) if isinstance(name, str) else None

    def _value(self, table: Table, fld: models.Field, row: dict[str, Any], later: list) -> tuple[bool, Any]:
        """(usable, value) of one field of a row; unusable when a required person or row is not here."""
        value = row.get(fld.name)
        if is_user(fld):
            found = self.user(value)
            if value and found is None and not fld.null:
                return False, None
            return True, found
        if fld.is_relation:
            if value is None:
                return True, None
            if fld.related_model is table.model:
                later.append((fld, value))
                return True, None
            target = self._target(fld.related_model, value)
            return (target is not None or fld.null), target
        try:
            return True, fld.to_python(value) if value is not None else None
        except Exception:
            raise InvalidInput(
                _("%(table)s row %(ref)s: %(field)s is not valid.")
                % {"table": table.name, "ref": row.get("ref"), "field": fld.name},
                field=table.name,
            ) from None

    def _target(self, model: type[models.Model], ref: Any) -> models.Model | None:
        table = TABLE_OF.get(model)
        rows = self.created.get(table.name, []) if table else []
        return rows[ref] if isinstance(ref, int) and 0 <= ref < len(rows) else None

    def table(self, table: Table) -> None:
        fields = table.fields()
        has_board = any(f.name == "board" for f in table.model._meta.concrete_fields)
        made: list[models.Model | None] = []
        links: list[tuple[models.Model, list]] = []
        skipped = 0
        for row in self.data.get(table.name, []):
            values, later, usable = {}, [], True
            for fld in fields:
                ok, value = self._value(table, fld, row, later)
                usable = usable and ok
                values[fld.attname if fld.is_relation and value is None else fld.name] = value
            if not usable:
                made.append(None)
                skipped += 1
                continue
            obj = table.model(**values, **({"board": self.board} if has_board else {}))
            try:  # lengths, choices, ranges: what the database would refuse less clearly
                obj.clean_fields(exclude=[f.name for f in fields if f.is_relation] + ["board"])
            except ValidationError as error:
                raise InvalidInput(
                    _("%(table)s row %(ref)s: %(field)s is not valid.")
                    % {"table": table.name, "ref": row.get("ref"), "field": ", ".join(sorted(error.message_dict))},
                    field=table.name,
                ) from None
            made.append(obj)
            links.append((obj, later))
        kept = [obj for obj in made if obj is not None]
        try:
            with transaction.atomic():
                table.model.objects.bulk_create(kept)
        except (IntegrityError, DataError):
            raise InvalidInput(
                _("%(table)s holds rows that break a rule of a board (two of one kind where one may be).")
                % {"table": table.name},
                field=table.name,
            ) from None
        self.created[table.name] = made
        linked = []
        for obj, later in links:
            for fld, ref in later:
                setattr(obj, fld.name, made[ref] if isinstance(ref, int) and 0 <= ref < len(made) else None)
                linked.append(obj)
        if linked:
            names = sorted({fld.name for _obj, later in links for fld, _ref in later})
            table.model.objects.bulk_update(list({id(o): o for o in linked}.values()), names)
        if skipped:
            self.warnings.append(
                _("%(count)d rows of %(table)s left out: a person or a row they need is not here.")
                % {"count": skipped, "table": table.name}
            )


def _members(importer: _Importer, board: Board, acting: AbstractBaseUser) -> None:
    roles = {}
    for member in importer.data["members"]:
        user = importer.user(member.get("username"))
        if user is None:
            importer.warnings.append(
                _("%(username)s has no account here: not a member.") % {"username": member.get("username")}
            )
        elif member.get("role") in Role.values:
            roles[user] = member["role"]
    if acting not in roles:
        roles[acting] = Role.SCRUM_MASTER if Role.SCRUM_MASTER not in roles.values() else Role.DEVELOPER
    Membership.objects.filter(board=board).delete()  # board_create made its creator Scrum Master: the file decides
    Membership.objects.bulk_create([Membership(board=board, user=user, role=role) for user, role in roles.items()])


@transaction.atomic
def board_import(*, acting: AbstractBaseUser, data: Any) -> BoardImport:
    """A new board from a board export, with everything in it; the importer is a member of it."""
    _check_shape(data)
    settings = {name: data["board"][name] for name in BOARD_SETTINGS if name in data["board"]}
    try:  # the file's address when it is free here, else one made from the name
        board = boards.board_create(user=acting, slug=str(data["board"].get("slug") or ""), **settings)
    except Conflict:
        board = boards.board_create(user=acting, **settings)
    importer = _Importer(data, board)
    _members(importer, board, acting)
    board.criteria.all().delete()  # the file's Definitions, not the defaults of a new board
    for table in TABLES:
        importer.table(table)
    return BoardImport(board=board, warnings=importer.warnings)
