from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("<int:number>/", views.review, name="review"),
    path("<int:number>/main/", views.main, name="main"),
    path("<int:number>/notes/", views.notes, name="notes"),
    path("<int:number>/note-form/", views.note_form, name="note-form"),
    path("<int:number>/items/<int:item_id>/", views.decide, name="decide"),
    path("<int:number>/goal/", views.goal, name="goal"),
    path("<int:number>/close/", views.close, name="close"),
    path("<int:number>/feedback/", views.feedback_add, name="feedback"),
    path("<int:number>/feedback/<int:feedback_id>/backlog/", views.feedback_to_backlog, name="feedback-backlog"),
    path("<int:number>/export/", views.export, name="export"),
]
