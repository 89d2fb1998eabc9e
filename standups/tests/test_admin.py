"""The stand-up admin is a window for support: it shows, and changes nothing (writes go through the services, which
keep blockers in step with their entry's lines and tell the pages). `admin_client` is pytest-django's superuser."""

from standups.models import Blocker, StandupEntry
from standups.services import standup_entry_save
from standups.tests.conftest import MONDAY


def test_it_shows_entries_and_blockers_but_adds_changes_and_deletes_nothing(admin_client, team, sprint):
    entry = standup_entry_save(acting=team.dev, day=MONDAY, done="Login", blockers="Staging <b>down</b>")
    blocker = Blocker.objects.get()
    assert "Staging &lt;b&gt;down&lt;/b&gt;" in admin_client.get("/admin/standups/blocker/").content.decode()
    assert admin_client.get(f"/admin/standups/standupentry/{entry.pk}/change/").status_code == 200
    assert admin_client.get("/admin/standups/blocker/add/").status_code == 403
    assert admin_client.post(f"/admin/standups/blocker/{blocker.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.post(f"/admin/standups/standupentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert StandupEntry.objects.exists() and Blocker.objects.exists()
