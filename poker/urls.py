from django.urls import path

from poker import views

app_name = "poker"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("<int:session_id>/", views.room, name="room"),
    path("<int:session_id>/round/", views.round_partial, name="round"),
    path("<int:session_id>/queue/", views.queue_partial, name="queue"),
    path("<int:session_id>/vote/", views.vote, name="vote"),
    path("<int:session_id>/reveal/", views.reveal, name="reveal"),
    path("<int:session_id>/revote/", views.revote, name="revote"),
    path("<int:session_id>/accept/", views.accept, name="accept"),
    path("<int:session_id>/next/", views.next_entry, name="next"),
    path("<int:session_id>/observe/", views.observe, name="observe"),
    path("<int:session_id>/queue/order/", views.reorder, name="reorder"),
    path("<int:session_id>/quick/", views.quick, name="quick"),
]
