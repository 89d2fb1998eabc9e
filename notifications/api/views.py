"""The caller's notifications: list, mark one or all read; how they want them by e-mail (docs/notifications.md)."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from notifications import selectors, services
from notifications.api.serializers import (
    EmailSettingsIn,
    EmailSettingsOut,
    NotificationFiltersIn,
    NotificationOut,
    ReadAllOut,
)
from scrum_app.api_errors import ANSWERS
from scrum_app.api_views import Api

# Query keys of every list that are not filters.
PAGING = {"page", "page_size", "format"}


class NotificationListApi(Api):
    @extend_schema(
        summary="List my notifications",
        description=(
            "Newest first. Only the boards the caller is still a member of (and invitations to a board they are not "
            "on yet). `?unread=1`: only the unread ones."
        ),
        parameters=[OpenApiParameter("unread", bool, description="Only the unread ones.")],
        responses={200: NotificationOut(many=True), **ANSWERS(400, missing="No such page.")},
    )
    def get(self, request: Request) -> Response:
        params = {k: v for k, v in request.query_params.items() if k not in PAGING}
        unread = self.parse(NotificationFiltersIn, data=params)["unread"]
        rows = selectors.notifications_of(user=request.user, unread=unread)
        return self.paginated(rows, lambda page: NotificationOut(page, many=True).data)


class NotificationReadApi(Api):
    @extend_schema(
        summary="Mark a notification read",
        description="Reading one already read changes nothing.",
        request=None,
        responses={200: NotificationOut, **ANSWERS(missing="No such notification of yours.")},
    )
    def post(self, request: Request, notification_id: int) -> Response:
        notification = selectors.notification_of(user=request.user, notification_id=notification_id)
        return Response(NotificationOut(services.notification_read(notification=notification)).data)


class NotificationReadAllApi(Api):
    @extend_schema(
        summary="Mark all my notifications read",
        request=None,
        responses={200: ReadAllOut},
    )
    def post(self, request: Request) -> Response:
        return Response({"read": services.notifications_read_all(user=request.user)})


class EmailSettingsApi(Api):
    @extend_schema(
        summary="My notification e-mail settings",
        description=(
            "Per kind of notification: `immediately`, `digest` (once a day) or `never`. By default mentions, "
            "assignments and invitations come at once, the rest in the digest."
        ),
        responses={200: EmailSettingsOut},
    )
    def get(self, request: Request) -> Response:
        return Response(services.email_choices_of(user=request.user))

    @extend_schema(
        summary="Change my notification e-mail settings",
        description="Send the kinds that change; an unknown kind or choice is a 400 naming it.",
        request=EmailSettingsIn,
        responses={200: EmailSettingsOut, **ANSWERS(400)},
        examples=[OpenApiExample("No more status e-mail", value={"status": "never"}, request_only=True)],
    )
    def patch(self, request: Request) -> Response:
        choices = self.parse(EmailSettingsIn, partial=True)
        return Response(services.email_choices_set(user=request.user, choices=choices))
