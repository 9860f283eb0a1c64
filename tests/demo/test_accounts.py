"""The demo's accounts, one per staff role: what ``make run`` prints is enough to sign in."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from demo.management.commands import ensure_demo_accounts

pytestmark = pytest.mark.django_db


@pytest.fixture
def credentials(tmp_path, monkeypatch):
    path = tmp_path / ".demo-credentials"
    monkeypatch.setattr(ensure_demo_accounts, "CREDENTIALS_FILE", path)
    return path


def printed_accounts():
    out = StringIO()
    call_command("ensure_demo_accounts", stdout=out)
    text = out.getvalue()
    password = re.search(r"password: (\S+)", text).group(1)
    usernames = re.findall(r"^  (\S+) ", text, flags=re.MULTILINE)
    return text, password, usernames


def test_refused_without_debug(demo_once, settings, credentials):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("ensure_demo_accounts", stdout=StringIO())
    assert not credentials.exists()


def test_each_role_signs_in_with_what_is_printed(
    demo_once, settings, credentials, client
):
    settings.DEBUG = True
    text, password, usernames = printed_accounts()
    assert usernames == ["redaktor", "karmoy", "arrangor"]
    assert "Husbanken-redaktør" in text and "Bidragsyter for Karmøy" in text
    assert credentials.read_text().strip() == password

    # What each role opens first, once signed in through the login form.
    starts = {
        "redaktor": ("/admin/pages/", "Programkommuner"),
        "karmoy": ("/admin/pages/", "Karmøy"),
        "arrangor": ("/admin/pameldinger/", "Påmeldinger"),
    }
    for username, (address, seen) in starts.items():
        client.logout()
        response = client.post(
            "/admin/login/", {"username": username, "password": password}
        )
        assert response.status_code == 302, username
        response = client.get(address, follow=True)
        assert response.status_code == 200, username
        assert seen in response.content.decode(), username

    # A second run prints the same password and changes no one.
    _, again, _ = printed_accounts()
    assert again == password
