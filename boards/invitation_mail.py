"""The e-mail of an invitation by address: its link, in the language of the Scrum Master who sent it."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.preferences import preferences_of
from boards.models import Invitation
from scrum_app.mail import send_mail_later


def invitation_mail_send(invitation: Invitation, *, token: str, site: str) -> None:
    """Queue the mail (sent once the invitation is committed). Nobody but the address learns the token."""
    language = (preferences_of(invitation.created_by).language if invitation.created_by else "") or (
        settings.LANGUAGE_CODE
    )
    with translation.override(language):
        context = {
            "invitation": invitation,
            "board": invitation.board,
            "inviter": invitation.created_by,
            "role": invitation.get_role_display(),
            "link": site.rstrip("/") + reverse("boards:invitation_link", args=[token]),
            "days": round((invitation.expires_at - invitation.created_at).total_seconds() / 86400),
        }
        subject = _("Join %(board)s on Scrum App") % {"board": invitation.board.name}
        text = render_to_string("boards/email/invitation.txt", context)
        html = render_to_string("boards/email/invitation.html", context)
    send_mail_later(to=[invitation.email], subject=subject, text=text, html=html, language=language)
