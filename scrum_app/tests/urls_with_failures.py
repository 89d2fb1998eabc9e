"""The real URLconf (its error handlers included) plus views that fail, to see how a server error is answered."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from scrum_app.urls import *  # noqa: F403
from scrum_app.urls import urlpatterns as real_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("api/v1/fail/", fail), path("fail/", fail), *real_urlpatterns]
