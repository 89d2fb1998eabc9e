from django.urls import path

from live.consumers import TopicConsumer

websocket_urlpatterns = [
    path("ws/<str:kind>/<str:key>/", TopicConsumer.as_asgi()),
]
