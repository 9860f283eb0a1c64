"""The admin contacts no third party on its users' behalf."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_no_gravatar_and_no_release_check(client, home_page):
    editor = get_user_model().objects.create_superuser(
        "redaktor", "kari.nordmann@kommune.example", "passord-for-test"
    )
    client.force_login(editor)
    for url in ("/admin/", "/admin/account/", "/admin/pages/"):
        html = client.get(url).content.decode()
        # Nothing the page loads comes from another host (links are the user's call).
        assert re.findall(r'(?:src|srcset)="(https?://[^"]+)"', html) == [], url
        assert "gravatar" not in html.lower()
        # The dashboard's release check asks releases.wagtail.io from the browser.
        assert "w-upgrade" not in html
    assert "default-user-avatar" in client.get("/admin/").content.decode()
