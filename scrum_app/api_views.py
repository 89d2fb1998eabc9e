"""The one base of every API view: how it reads its input, answers a page, and shows and edits a versioned object.

Every app's API views are `Api`s (the board-scoped ones through boards.api.views.base.BoardScopedApi), so a rule of
the API lives here once: input is read only through `parse`, whose serializer must be a StrictInput (a key it does
not take is a 400 naming it, scrum_app.api_input); a list answers DRF's page; a versioned object answers its GET with
its ETag and guards its edits with If-Match or the body's `version` (scrum_app.api_versions). Errors have one shape,
`{"detail": message}` or `{field: [message]}` (scrum_app.api_errors), documented with ErrorAnswers.
"""

from collections.abc import Callable, Mapping
from typing import Any

from rest_framework.response import Response
from rest_framework.views import APIView

from scrum_app.api_input import StrictInput
from scrum_app.api_versions import versioned, versioned_write
from scrum_app.pagination import PageNumberPagination

BODY: Any = object()  # parse()'s default: the request's body (an entry of a list may be None)


# The base classes below say what they are in comments, not docstrings: drf-spectacular describes an operation that
# has no description of its own with the first docstring of its view's classes, and these are no operation's.


class Api(APIView):
    # Base of every API view.
    pagination_class: type[PageNumberPagination] | None = PageNumberPagination

    def parse(self, serializer: type[StrictInput], *, data: Any = BODY, **options: Any) -> dict[str, Any]:
        """The request's body (or `data`) read by `serializer`: its validated data, else a 400 naming each field at
        fault, a key it does not take included. `options` go to the serializer (`partial`, `context`)."""
        if not issubclass(serializer, StrictInput):
            raise TypeError(f"{serializer.__name__} is not a StrictInput: it would let unknown keys pass.")
        found = serializer(data=self.request.data if data is BODY else data, **options)
        found.is_valid(raise_exception=True)
        return dict(found.validated_data)

    def paginated(self, rows: Any, shape: Callable[[list[Any]], Any]) -> Response:
        """A page of `rows` (`?page=`, `?page_size=`), each page's rows turned into its answer by `shape`."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, self.request, view=self)
        return paginator.get_paginated_response(shape(page))


class VersionedApi(Api):
    # A view of one versioned object: `current()` is the object as its GET shows it, read afresh; `show()` answers it
    # with its ETag, `edit()` writes an edit that names the version it was made on.

    def current(self) -> Mapping[str, Any]:
        raise NotImplementedError

    def show(self) -> Response:
        return versioned(self.current())

    def edit[T](
        self,
        serializer: type[StrictInput],
        write: Callable[..., T],
        *,
        answer: Callable[[T], Mapping[str, Any]] | None = None,
        **options: Any,
    ) -> Response:
        """Parse the body with `serializer`, then call `write(version=…, **fields)` with the version the caller
        edited (If-Match, else the body's `version`, else None). A stale version is answered 412 or 409 with
        `current()`; else the answer is `answer(written)`, or `current()` read again."""
        fields = self.parse(serializer, **options)
        version = fields.pop("version", None)
        written = self.versioned_write(version, lambda known: write(version=known, **fields))
        return versioned(answer(written) if answer else self.current())

    def versioned_write[T](self, version: int | None, write: Callable[[int | None], T]) -> T:
        return versioned_write(self.request, version=version, write=write, current=self.current)
