from django.urls import path

from retros.api import views

urlpatterns = [
    path("", views.RetroListCreate.as_view(), name="retros"),
    path("<int:retro_id>/", views.RetroDetail.as_view(), name="retro"),
    path("<int:retro_id>/phase/", views.RetroPhase.as_view(), name="retro-phase"),
    path("<int:retro_id>/cards/", views.RetroCards.as_view(), name="retro-cards"),
    path("<int:retro_id>/cards/<int:card_id>/", views.RetroCard.as_view(), name="retro-card"),
    path("<int:retro_id>/cards/<int:card_id>/vote/", views.CardVote.as_view(), name="retro-card-vote"),
    path("<int:retro_id>/actions/", views.RetroActions.as_view(), name="retro-actions"),
    path("<int:retro_id>/actions/<int:action_id>/", views.RetroAction.as_view(), name="retro-action"),
    path("<int:retro_id>/actions/<int:action_id>/carry/", views.RetroActionCarry.as_view(), name="retro-action-carry"),
    path("<int:retro_id>/export/", views.RetroExport.as_view(), name="retro-export"),
]
