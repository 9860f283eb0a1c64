"""The admin's screens, as each role sees them, show no untranslated English.

Each role's screens are rendered on the demo site and every text a user would see or
hear is compared with Wagtail's and Django's English messages that have no bokmål
translation (tests/portal/admin_english.py).
"""

import json
import re
from pathlib import Path

import pytest
import wagtail
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from events.models import GatheringPage, GatheringReportPage
from learning import moderation
from learning.models import ExperienceArticlePage, GoodPracticePage, PresentationPage
from portal.models import MunicipalityPage, Person
from tests.learning.test_moderation import add_url, article_data
from tests.portal.admin_english import english_in_mail, english_on, po_messages

pytestmark = pytest.mark.django_db


def _page_screens(page):
    """The screens an editor opens for one page."""
    return [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_explore", args=[page.pk]),
    ]


def _create_screens(parent):
    return [
        reverse(
            "wagtailadmin_pages:add",
            args=(model._meta.app_label, model._meta.model_name, parent.pk),
        )
        for model in parent.specific_class.creatable_subpage_models()
        if model.can_create_at(parent)
    ]


def _common_screens():
    image = get_image_model().objects.order_by("pk").first()
    document = get_document_model().objects.order_by("pk").first()
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_pages:search") + "?q=bolig",
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=[image.pk]),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
    ]


def _editor_screens():
    person = Person.objects.order_by("pk").first()
    experience = ExperienceArticlePage.objects.live().first()
    screens = [
        reverse("wagtailsnippets_portal_person:list"),
        reverse("wagtailsnippets_portal_person:add"),
        reverse("wagtailsnippets_portal_person:edit", args=[person.pk]),
        reverse("wagtailsnippets_portal_targetgroup:list"),
        reverse("wagtailsnippets_portal_programmegoal:list"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailadmin_collections:index"),
        reverse("search_report"),
        reverse("wagtailadmin_pages:delete", args=[experience.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[experience.pk]),
        reverse("wagtailadmin_pages:copy", args=[experience.pk]),
        reverse("wagtailadmin_pages:move", args=[experience.pk]),
    ]
    for model in (
        ExperienceArticlePage,
        GoodPracticePage,
        PresentationPage,
        GatheringPage,
        GatheringReportPage,
        MunicipalityPage,
    ):
        screens += _page_screens(model.objects.live().first())
    for page in Page.objects.filter(depth__in=[2, 3]).specific():
        screens += _create_screens(page)
    return screens


def _user(username, *groups, **fields):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.no", "passord-for-test", **fields
    )
    user.groups.add(*groups)
    return user


def _municipality_with_contributors():
    page = MunicipalityPage.objects.live().order_by("path").first()
    return page, moderation.ensure_municipality_editors(page)


def _screens_for(role):
    if role == "superbruker":
        return _common_screens() + _editor_screens(), _user(
            "admin-test", is_superuser=True
        )
    if role == "husbanken":
        group = Group.objects.get(name=moderation.HUSBANKEN_EDITORS)
        return _common_screens() + _editor_screens(), _user("redaktor-test", group)
    if role == "kommune":
        municipality, group = _municipality_with_contributors()
        screens = _common_screens() + _create_screens(municipality)
        screens.append(reverse("wagtailadmin_explore", args=[municipality.pk]))
        return screens, _user("bidragsyter-test", group)
    organisers = Group.objects.get(name="Arrangører")
    gathering = GatheringPage.objects.live().order_by("path").first()
    screens = [
        reverse("wagtailadmin_home"),
        reverse("events_admin:index"),
        reverse("events_admin:registrations", args=[gathering.pk]),
        reverse("events_admin:evaluation", args=[gathering.pk]),
        reverse("events_admin:personal_data"),
        reverse("wagtailadmin_account"),
    ]
    return screens, _user("arrangor-test", organisers)


@pytest.mark.parametrize("role", ["superbruker", "husbanken", "kommune", "arrangor"])
def test_each_roles_screens_speak_bokmal(role, demo_once, client):
    screens, user = _screens_for(role)
    client.force_login(user)
    english = _english_on_screens(client, screens)
    assert not english, _report(english)


def _report(english):
    return "\n".join(f"{where}: {texts}" for where, texts in english.items())


def _english_on_screens(client, urls):
    english = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if found := english_on(response.content.decode()):
            english[url] = found
    return english


def test_moderation_speaks_bokmal(
    demo_once, client, mailoutbox, django_capture_on_commit_callbacks
):
    """A municipality submits a page, Husbanken asks for changes: screens and e-mails."""
    municipality, group = _municipality_with_contributors()
    contributor = _user("bidragsyter-test", group)
    editor = _user(
        "redaktor-test", Group.objects.get(name=moderation.HUSBANKEN_EDITORS)
    )
    client.force_login(contributor)
    url = add_url(ExperienceArticlePage, municipality)
    invalid = client.post(url, article_data("", "", action="action-submit"))
    assert english_on(invalid.content.decode()) == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, article_data("Til vurdering", "til-vurdering", action="action-submit")
        )
    page = ExperienceArticlePage.objects.get(slug="til-vurdering")
    task_state = page.current_workflow_state.current_task_state
    screens = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[municipality.pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
    ]
    english = _english_on_screens(client, screens)

    client.force_login(editor)
    action = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "reject", task_state.pk],
    )
    english |= _english_on_screens(client, screens + [action])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action, {"comment": "Ta med tallene fra 2016."})
    english |= _english_on_screens(
        client, [reverse("wagtailadmin_pages:workflow_history", args=[page.pk])]
    )
    client.force_login(contributor)
    english |= _english_on_screens(client, screens)
    assert len(mailoutbox) >= 2
    for message in mailoutbox:
        if found := english_in_mail(message):
            english[message.subject] = found
    assert not english, _report(english)


def test_the_login_screen_speaks_bokmal(client, home_page):
    for url in (reverse("wagtailadmin_login"), reverse("wagtailadmin_password_reset")):
        response = client.get(url)
        assert english_on(response.content.decode()) == [], url


def test_the_admins_scripts_speak_bokmal(client, home_page):
    """Every message of Wagtail's admin scripts is in the catalogue they are served."""
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S)[1])
    path = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po"
    missing = [
        msgid
        for context, msgid, _plural in po_messages(path)
        if (f"{context}\x04{msgid}" if context else msgid) not in catalogue
    ]
    assert missing == []
    assert catalogue["Toggle sidebar"] == "Vis eller skjul sidemenyen"


def test_the_check_finds_wagtails_english():
    # In English nothing is translated: every message of the catalogues counts.
    html = (
        '<p>40 Pages</p><button aria-label="Toggle sidebar">x</button>'
        '<script type="application/json">{"menu": [{"label": "Documents"}]}</script>'
        "<script>const label = 'Images';</script><p>Sider</p>"
    )
    assert english_on(html, language="en") == [
        "40 Pages",
        "Documents",
        "Toggle sidebar",
    ]
    # A value a template printed as Python's None, unless a script keeps it hidden.
    html = "<p>1–2 av 2 None</p><span hidden>None</span>"
    assert english_on(html) == ["1–2 av 2 None"]
