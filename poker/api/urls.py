from django.urls import path

from poker.api import views

urlpatterns = [
    path("", views.SessionListCreate.as_view(), name="poker-sessions"),
    path("<int:session_id>/", views.SessionDetail.as_view(), name="poker-session"),
    path("<int:session_id>/vote/", views.CastVote.as_view(), name="poker-vote"),
    path("<int:session_id>/reveal/", views.Reveal.as_view(), name="poker-reveal"),
    path("<int:session_id>/revote/", views.Revote.as_view(), name="poker-revote"),
    path("<int:session_id>/accept/", views.Accept.as_view(), name="poker-accept"),
    path("<int:session_id>/next/", views.Next.as_view(), name="poker-next"),
    path("<int:session_id>/quick/", views.QuickRound.as_view(), name="poker-quick"),
]
