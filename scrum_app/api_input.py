"""The one way API input is read: every input serializer of every app is a StrictInput.

A key the serializer does not declare, or declares read-only, is refused with 400 naming it, so a client can never
write the board, the rank, the creator, a sprint's state or a retro's phase by sending them along; nor does a typo
(`"titel"`) pass unnoticed as a request that changed nothing. A test walks every API operation and fails on an input
serializer that is not one of these (scrum_app/tests/test_api_input.py). An operation that reads no body at all (its
schema says `request=None`: start a sprint, reveal the cards…) refuses any key sent in one the same way, through
ReadsNoBody, which runs on every API request.
"""

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from scrum_app.errors import InvalidInput

if TYPE_CHECKING:  # rest_framework.views imports the permission classes named in the settings: this module
    from rest_framework.views import APIView

NOT_WRITABLE = gettext_lazy("This field cannot be written here.")
# What a browser's form adds by itself (the browsable API's forms): a key of the request, not of the resource.
FORM_KEYS = frozenset({"csrfmiddlewaretoken"})


class StrictInput(serializers.Serializer):
    """An input serializer that refuses keys it does not declare (read-only ones included)."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable - FORM_KEYS)
            if unknown:
                raise serializers.ValidationError({name: [NOT_WRITABLE] for name in unknown})
        return super().to_internal_value(data)


class CheckedText(serializers.CharField):
    """A text as a service checks it (`check` trims it and raises the domain's InvalidInput), refused in the
    service's words: DRF's own blank and length checks would answer first, in others."""

    def __init__(self, *, check: Callable[[str], str], **kwargs: Any) -> None:
        super().__init__(allow_blank=True, trim_whitespace=False, **kwargs)
        self.check = check

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            return self.check(value)
        except InvalidInput as error:
            raise serializers.ValidationError(error.message) from None


class NoInput(StrictInput):
    """The input of an operation that reads no body: every key is refused."""


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_reads_no_body: dict[tuple[type, str], bool] = {}


def reads_no_body(view: "APIView", method: str) -> bool:
    """Whether the operation's schema says it takes no body: `extend_schema(request=None)` on the view's method.

    Asked of the same schema class drf-spectacular documents the operation with, once per view class and method."""
    key = (type(view), method)
    if key not in _reads_no_body:
        schema_class = getattr(getattr(view, method.lower(), None), "kwargs", {}).get("schema")
        schema = schema_class() if schema_class is not None else None
        if schema is not None:
            schema.view, schema.method = view, method
        _reads_no_body[key] = schema is not None and schema.get_request_serializer() is None
    return _reads_no_body[key]


class ReadsNoBody(BasePermission):
    """Not a permission but a step DRF runs on every API request before its view (REST_FRAMEWORK's default permission
    classes): where an operation's schema says it reads no body, a body with keys is refused with 400 naming them, as
    StrictInput refuses keys an input does not declare. A request without a body passes."""

    def has_permission(self, request: Request, view: "APIView") -> bool:
        if request.method in WRITES and reads_no_body(view, request.method):
            NoInput(data=request.data).is_valid(raise_exception=True)
        return True
