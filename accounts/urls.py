from django.urls import path

from accounts import passwords, views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("signup/", views.signup_view, name="signup"),
    path("theme/", views.theme_view, name="theme"),
    path("language/", views.language_view, name="language"),
    path("preferences/", views.preferences_view, name="preferences"),
    path("password/reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", passwords.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", passwords.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/change/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", passwords.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
