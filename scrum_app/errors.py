"""Domain errors raised by services; pages and the API turn them into 400/409 responses.

A role failure is Django's PermissionDenied (403) and a missing or foreign object is Http404.
"""


class DomainError(Exception):
    """A request the domain refuses. `field` names the input at fault, when one is."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, object]:
        if self.field:
            return {self.field: [self.message]}
        return {"detail": self.message}


class InvalidInput(DomainError):
    status_code = 400


class Conflict(DomainError):
    """The request is well-formed but clashes with the current state (409)."""

    status_code = 409


class UnmetDefinition(Conflict):
    """A move to Done while criteria of the board's Definition of Done are unticked (409): `unmet` lists their
    texts, in the definition's order, in the API's answer too."""

    def __init__(self, message: str, *, unmet: list[str]) -> None:
        super().__init__(message, field="status")  # a form shows it beside the status it refused
        self.unmet = unmet

    def as_dict(self) -> dict[str, object]:
        return {"detail": self.message, "unmet": self.unmet}
