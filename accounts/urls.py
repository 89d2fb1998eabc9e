from django.urls import path

from accounts import passwords, profile, views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("signup/", views.signup_view, name="signup"),
    path("theme/", views.theme_view, name="theme"),
    path("language/", views.language_view, name="language"),
    path("preferences/", views.preferences_view, name="preferences"),
    path("profile/", profile.profile_view, name="profile"),
    path("email/", profile.email_change_view, name="email_change"),
    path("email/confirm/<str:signed>/", profile.email_confirm_view, name="email_confirm"),
    path("tokens/", profile.api_token_create_view, name="api_token_create"),
    path("tokens/<int:token_id>/revoke/", profile.api_token_revoke_view, name="api_token_revoke"),
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
