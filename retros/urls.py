from django.urls import path

from retros import views

app_name = "retros"

urlpatterns = [
    path("", views.retro_list, name="list"),
    path("actions/", views.improvement_actions, name="improvement-actions"),
    path("actions/<int:action_id>/done/", views.improvement_action_done, name="improvement-action-done"),
    path("<int:retro_id>/", views.room, name="room"),
    path("<int:retro_id>/stage/", views.stage, name="stage"),
    path("<int:retro_id>/wall/", views.wall, name="wall"),
    path("<int:retro_id>/phase/", views.phase, name="phase"),
    path("<int:retro_id>/cards/", views.card_add, name="card-add"),
    path("<int:retro_id>/cards/<int:card_id>/vote/", views.vote_cast, name="vote"),
    path("<int:retro_id>/cards/<int:card_id>/unvote/", views.vote_withdraw, name="unvote"),
    path("<int:retro_id>/actions/", views.action_add, name="action-add"),
    path("<int:retro_id>/actions/<int:action_id>/done/", views.action_done, name="action-done"),
    path("<int:retro_id>/actions/<int:action_id>/carry/", views.action_carry, name="action-carry"),
    path("<int:retro_id>/export/", views.export, name="export"),
]
