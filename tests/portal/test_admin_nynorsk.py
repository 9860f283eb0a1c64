"""The admin in nynorsk for a user who chose it in their account: the portal's own
admin texts (fields, panels, menus, reports, Påmeldinger) have their nynorsk, and
what the portal has none for falls back to bokmål, never to English."""

import re

import pytest
from wagtail.users.models import UserProfile

from events.models import GatheringPage
from tests.portal.admin_english import english_on
from tests.portal.test_admin_english import _report, _screens_for
from tests.portal.test_nynorsk import _catalogue
from tests.portal.test_nynorsk_pages import visible_text


@pytest.fixture(scope="module")
def translated():
    """{bokmål: nynorsk} of the catalogue's texts of three words or more that
    differ, and hold no placeholder."""
    return {
        message.id: message.string
        for message in _catalogue("nn")
        if isinstance(message.id, str)
        and message.string != message.id
        and "%" not in message.id
        and len(message.id.split()) >= 3
    }


def _in_nynorsk(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "nn"
    profile.save(update_fields=["preferred_language"])
    return user


# Django's permission names, stored when the models were first migrated («Can add
# satser for kalkulatoren»): the group screen's hidden labels of its checkboxes.
STORED_PERMISSION_NAME = re.compile(r'<label[^>]*class="w-sr-only">Can [^<]*</label>')


def _bokmal_and_english_left(client, screens, translated):
    """{screen: the catalogue's bokmål left on it}, {screen: English on it}: each
    screen read once."""
    bokmal, english = {}, {}
    for url in screens:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        text = visible_text(STORED_PERMISSION_NAME.sub("", html))
        if found := [text_ for text_ in translated if text_ in text]:
            bokmal[url] = found
        if found := english_on(html):
            english[url] = found
    return bokmal, english


@pytest.mark.parametrize("role", ["superbruker", "husbanken", "kommune", "arrangor"])
def test_each_roles_screens_speak_nynorsk_when_chosen(
    role, demo_once, client, translated
):
    screens, user = _screens_for(role)
    client.force_login(_in_nynorsk(user))
    left, english = _bokmal_and_english_left(client, screens, translated)
    assert not left, _report(left)
    assert not english, _report(english)


def test_a_gatherings_form_is_in_the_users_own_standard(demo_once, client):
    gathering = GatheringPage.objects.live().order_by("path").first()
    address = f"/admin/pages/{gathering.pk}/edit/"
    _screens, user = _screens_for("husbanken")
    client.force_login(user)
    bokmal = client.get(address).content.decode()
    client.force_login(_in_nynorsk(user))
    nynorsk = client.get(address).content.decode()
    assert "Når og hvor" in bokmal
    assert "Antall plasser" in bokmal or "antall plasser" in bokmal
    assert "Når og kvar" in nynorsk
    assert "Når og hvor" not in nynorsk
    assert "al på plassar" in nynorsk
