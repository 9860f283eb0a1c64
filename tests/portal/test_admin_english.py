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
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Task, Workflow

from events.models import GatheringPage, GatheringReportPage
from learning import moderation
from learning.models import ExperienceArticlePage, GoodPracticePage, PresentationPage
from portal.models import MunicipalityPage, Person
from tests.learning.test_moderation import add_url, article_data
from tests.portal.admin_english import (
    SAME_IN_BOKMAL,
    english_in_mail,
    english_on,
    po_messages,
)

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
    theme = Tag.objects.order_by("pk").first()
    experience = ExperienceArticlePage.objects.live().first()
    screens = [
        reverse("wagtailsnippets_portal_person:list"),
        reverse("wagtailsnippets_portal_person:add"),
        reverse("wagtailsnippets_portal_person:edit", args=[person.pk]),
        reverse("wagtailsnippets_portal_targetgroup:list"),
        reverse("wagtailsnippets_portal_programmegoal:list"),
        reverse("wagtailsnippets_portal_kostragroup:list"),
        reverse("learning_themes:index"),
        reverse("learning_themes:rename", args=[theme.pk]),
        reverse("learning_themes:merge", args=[theme.pk]),
        reverse("learning_themes:retire", args=[theme.pk]),
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


def _settings_screens():
    """The superuser's settings: users, groups, sites, workflows, redirects, search."""
    user = get_user_model().objects.order_by("pk").first()
    group = Group.objects.order_by("pk").first()
    site = Site.objects.order_by("pk").first()
    collection = Collection.objects.filter(depth__gt=1).order_by("path").first()
    workflow = Workflow.objects.order_by("pk").first()
    task = Task.objects.order_by("pk").first()
    experience = ExperienceArticlePage.objects.live().first()
    redirect = Redirect.objects.create(
        old_path="/gammel-side", redirect_page=experience
    )
    promotion = SearchPromotion.objects.create(
        query=Query.get("bostøtte"),
        page=experience,
        description="Slik søker du om bostøtte.",
    )
    screens = [
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_users:edit", args=[user.pk]),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:add"),
        reverse("wagtailusers_groups:edit", args=[group.pk]),
        reverse("wagtailsites:index"),
        reverse("wagtailsites:add"),
        reverse("wagtailsites:edit", args=[site.pk]),
        reverse("wagtailadmin_collections:add"),
        reverse("wagtailadmin_collections:edit", args=[collection.pk]),
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailadmin_workflows:add"),
        reverse("wagtailadmin_workflows:edit", args=[workflow.pk]),
        reverse("wagtailadmin_workflows:task_index"),
        reverse("wagtailadmin_workflows:edit_task", args=[task.pk]),
        reverse("wagtailredirects:index"),
        reverse("wagtailredirects:add"),
        reverse("wagtailredirects:edit", args=[redirect.pk]),
        reverse("wagtailsearchpromotions:index"),
        reverse("wagtailsearchpromotions:add"),
        reverse("wagtailsearchpromotions:edit", args=[promotion.query.pk]),
        reverse("wagtailsettings:edit", args=["portal", "sitesettings", site.pk]),
    ]
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
        admin = _user("admin-test", is_superuser=True)
        admin.last_login = admin.date_joined
        admin.save(update_fields=["last_login"])
        return _common_screens() + _editor_screens() + _settings_screens(), admin
    if role == "husbanken":
        group = Group.objects.get(name=moderation.HUSBANKEN_EDITORS)
        return _common_screens() + _editor_screens(), _user("redaktor-test", group)
    if role == "kommune":
        municipality, group = _municipality_with_contributors()
        screens = _common_screens() + _create_screens(municipality)
        screens.append(reverse("wagtailadmin_explore", args=[municipality.pk]))
        screens.append(reverse("learning_themes:propose"))
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
    # Present, and in bokmål: a message the catalogue gives back in English is not.
    english = [
        msgid
        for context, msgid, plural in po_messages(path)
        if not plural
        and catalogue[f"{context}\x04{msgid}" if context else msgid] == msgid
        and msgid not in SAME_IN_BOKMAL
        and re.search(r"[A-Za-z]{2}", re.sub(r"%\(\w+\)s", "", msgid))
    ]
    assert english == []
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
    # The window's title: the screen's title and subtitle, then the brand.
    assert english_on("<title>New: Bruker - Wagtail</title>", language="en") == [
        "New",
        "New: Bruker",
        "New: Bruker - Wagtail",
    ]
    # A value a template printed as Python's None, unless a script keeps it hidden.
    html = "<p>1–2 av 2 None</p><span hidden>None</span>"
    assert english_on(html) == ["1–2 av 2 None"]
    # A label the catalogues translate, written into a template as it reads in English
    # (Wagtail's header landmark, its search button); a script's data may hold it.
    html = (
        '<nav aria-label="Actions"></nav><input type="submit" value="Search">'
        '<nav aria-label="Handlinger"></nav>'
        '<script type="application/json">{"name": "Search"}</script>'
    )
    assert english_on(html) == ["Actions", "Search"]


def test_saving_a_page_and_its_messages_speak_bokmal(demo_once, client):
    """A saved draft in the history, and the messages of a save that fails.

    The admin's scripts save in the background and show the JSON answer's message.
    """
    client.force_login(_user("admin-test", is_superuser=True))
    municipality = MunicipalityPage.objects.live().order_by("path").first()
    client.post(
        add_url(ExperienceArticlePage, municipality),
        article_data("Et utkast", "et-utkast", action=None),
    )
    page = ExperienceArticlePage.objects.get(slug="et-utkast")
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.post(edit, article_data("Et utkast", "et-utkast", action=None))
    english = _english_on_screens(
        client,
        [
            reverse("wagtailadmin_pages:history", args=[page.pk]),
            reverse("wagtailadmin_explore", args=[municipality.pk]),
        ],
    )
    invalid = article_data("", "et-utkast", action=None)
    responses = {
        "edit": client.post(edit, invalid, follow=True),
        "edit (script)": client.post(edit, invalid, HTTP_ACCEPT="application/json"),
        "add (script)": client.post(
            add_url(ExperienceArticlePage, municipality),
            invalid,
            HTTP_ACCEPT="application/json",
        ),
    }
    for where, response in responses.items():
        if found := english_on(response.content.decode()):
            english[where] = found
    assert not english, _report(english)
    assert "Siden kunne ikke lagres" in responses["edit"].content.decode()
    assert (
        responses["edit (script)"]
        .json()["error_message"]
        .startswith("Siden kunne ikke lagres")
    )


def _rendered_mail(name, context):
    """One of Wagtail's notification e-mails, rendered as its recipient gets it."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    folder = "wagtailadmin/notifications/"
    message = EmailMultiAlternatives(
        subject=render_to_string(f"{folder}{name}_subject.txt", context).strip(),
        body=render_to_string(f"{folder}{name}.txt", context),
    )
    message.attach_alternative(
        render_to_string(f"{folder}{name}.html", context), "text/html"
    )
    return message


def test_every_workflow_email_speaks_bokmal(
    demo_once, client, mailoutbox, django_capture_on_commit_callbacks
):
    """Submitted, approved, changes requested and comments: what Wagtail sends."""
    from wagtail.admin.mail import send_notification
    from wagtail.models import Comment, CommentReply

    municipality, group = _municipality_with_contributors()
    contributor = _user("bidragsyter-test", group, first_name="Kari")
    editor = _user(
        "redaktor-test",
        Group.objects.get(name=moderation.HUSBANKEN_EDITORS),
        first_name="Ola",
    )
    states = {}
    for slug, action in (("godkjennes", "approve"), ("endres", "reject")):
        client.force_login(contributor)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                add_url(ExperienceArticlePage, municipality),
                article_data(slug.capitalize(), slug, action="action-submit"),
            )
        page = ExperienceArticlePage.objects.get(slug=slug)
        workflow_state = page.current_workflow_state
        task_state = workflow_state.current_task_state
        client.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse(
                    "wagtailadmin_pages:workflow_action",
                    args=[page.pk, action, task_state.pk],
                ),
                {"comment": "Ta med tallene fra 2016."},
            )
        workflow_state.refresh_from_db()
        task_state.refresh_from_db()
        states[action] = (page, workflow_state, task_state)
    sent = {message.subject for message in mailoutbox}
    assert len(sent) >= 3, sent

    # Comments on a page: a new one, a resolved one, a reply.
    page, workflow_state, task_state = states["reject"]
    comments = [
        Comment.objects.create(
            page=page, user=editor, text=text, contentpath="title", position=""
        )
        for text in ("Godt skrevet.", "Sjekk tallene.")
    ]
    reply = CommentReply.objects.create(
        comment=comments[1], user=editor, text="Rettet nå."
    )
    send_notification(
        [contributor],
        "updated_comments",
        {
            "page": page,
            "editor": editor,
            "new_comments": comments[:1],
            "resolved_comments": comments[1:],
            "deleted_comments": comments[:1],
            "replied_comments": [{"comment": comments[1], "replies": [reply]}],
        },
    )
    # Every notification Wagtail has, with the context its sender gives it.
    context = {
        "user": contributor,
        "page": page,
        "object": page,
        "model_name": page._meta.verbose_name,
        "revision": page.latest_revision,
        "workflow": workflow_state.workflow,
        "workflow_state": workflow_state,
        "task": task_state.task.specific,
        "task_state": task_state,
        "comment": "Ta med tallene fra 2016.",
        "requested_by": contributor,
        "editor": editor,
        "new_comments": comments,
        "resolved_comments": comments,
        "deleted_comments": comments,
        "replied_comments": [{"comment": comments[1], "replies": [reply]}],
    }
    folder = (
        Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/notifications"
    )
    names = sorted(path.stem for path in folder.glob("*_subject.txt"))
    assert "workflow_state_approved_subject" in names
    messages = list(mailoutbox) + [
        _rendered_mail(name.removesuffix("_subject"), context) for name in names
    ]
    english = {}
    for message in messages:
        if found := english_in_mail(message):
            english[message.subject] = found
    assert not english, _report(english)
