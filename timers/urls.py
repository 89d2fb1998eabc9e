"""Timer pages, mounted under /b/<slug>/timers/."""

from django.urls import path

from timers import views

app_name = "timers"

urlpatterns = [
    path("<str:ceremony>/", views.timer_block, name="block"),
    path("<str:ceremony>/start/", views.timer_start, name="start"),
    path("<int:timer_id>/extend/", views.timer_extend, name="extend"),
    path("<int:timer_id>/stop/", views.timer_stop, name="stop"),
]
