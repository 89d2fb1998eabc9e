from django.contrib.admin.apps import AdminConfig


class ScrumAdminConfig(AdminConfig):
    """Django's admin, served by our site (scrum_app.admin.ScrumAdminSite): its login counts failed passwords."""

    default_site = "scrum_app.admin.ScrumAdminSite"
