from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("signup/", views.signup_view, name="signup"),
    path("theme/", views.theme_view, name="theme"),
    path("language/", views.language_view, name="language"),
    path("preferences/", views.preferences_view, name="preferences"),
]
