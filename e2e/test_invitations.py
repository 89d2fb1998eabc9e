"""Joining a board in a real browser: the Scrum Master invites, the invitee accepts on their boards page (htmx)."""

import pytest
from playwright.sync_api import expect

from boards.models import Invitation, Membership, Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_scrum_master_invites_and_the_invitee_accepts_and_sees_the_board(logged_in, team):
    master = logged_in(team.sm.user)
    master.goto("/b/apollo/settings/")
    master.get_by_label("Username").fill("olga")
    master.locator("#id_role").select_option("scrum_master")
    master.get_by_role("button", name="Send invitation").click()
    expect(master.get_by_text("Invitation sent to olga as Scrum Master, if that user exists.")).to_be_visible()
    invitation = Invitation.objects.get(username="olga")
    expect(master.locator(f"#invitation-{invitation.pk}")).to_contain_text("invited")

    invitee = logged_in(team.outsider)
    invitee.goto("/b/apollo/")
    expect(invitee.get_by_role("heading", name="Not found")).to_be_visible()
    invitee.goto("/")
    expect(invitee.get_by_role("link", name="Apollo")).to_have_count(0)
    invitee.get_by_role("button", name="Accept the invitation to Apollo").click()
    expect(invitee.get_by_text("You joined Apollo as Scrum Master.")).to_be_visible()
    # htmx swapped my boards in place: the page was not reloaded, and the invitation is gone from it.
    expect(invitee.get_by_role("button", name="Accept the invitation to Apollo")).to_have_count(0)
    assert Membership.objects.get(board=team.board, user=team.outsider).role == Role.SCRUM_MASTER

    invitee.get_by_role("link", name="Apollo").click()
    expect(invitee.get_by_role("heading", name="Product backlog")).to_be_visible()
    master.reload()
    expect(master.locator("#member-olga")).to_be_visible()
    expect(master.locator(f"#invitation-{invitation.pk}")).to_have_count(0)
