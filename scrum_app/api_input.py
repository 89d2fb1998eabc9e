"""The one way API input is read: every input serializer of every app is a StrictInput.

A key the serializer does not declare, or declares read-only, is refused with 400 naming it, so a client can never
write the board, the rank, the creator, a sprint's state or a retro's phase by sending them along; nor does a typo
(`"titel"`) pass unnoticed as a request that changed nothing. A test walks every API operation and fails on an input
serializer that is not one of these (scrum_app/tests/test_api_input.py).
"""

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

NOT_WRITABLE = "This field cannot be written here."
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
