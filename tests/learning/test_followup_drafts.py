"""Drafts a gathering's follow-up makes reach the people who finish them, and slugs
keep the Norwegian letters readable."""

import pytest
from django.core import mail
from django.urls import reverse

from events import loop
from events.models import Invitation, InvitationKind
from learning import moderation
from learning.models import ExperienceArticlePage
from portal.slugs import norwegian_slugify
from tests.events.factories import (
    GatheringIndexPageFactory,
    GatheringPageFactory,
    RegistrationFactory,
    in_days,
)
from tests.learning.test_moderation import (  # noqa: F401
    add_url,
    article_data,
    contributor,
    edit_url,
    husbanken_editor,
    member_of,
    moderation_ready,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

INSTRUCTION = "Gjør teksten ferdig, bekreft at ingen kan kjennes igjen"


@pytest.fixture
def invitation(home_page, karmoy):
    gathering = GatheringPageFactory(
        parent=GatheringIndexPageFactory(parent=home_page),
        title="Fagsamling om utleie",
        start=in_days(-95, 9),
        end=in_days(-95, 16),
        registration_opens=in_days(-140),
        registration_closes=in_days(-96),
    )
    registration = RegistrationFactory(
        gathering=gathering, municipality=karmoy, email="kari@example.no"
    )
    return Invitation.objects.create(
        registration=registration, kind=InvitationKind.FOLLOWUP
    )


def answer(invitation, capture):
    with capture(execute=True):
        followup = loop.save_followup(
            invitation,
            {
                "title": "Første besøk hos utleierne",
                "tried": "Vi besøkte utleierne før innflytting.",
                "happened": "Færre klager.",
                "may_contact": False,
            },
        )
    return ExperienceArticlePage.objects.get(pk=followup.article_id)


def test_norwegian_letters_are_transliterated_never_dropped():
    assert norwegian_slugify("Første besøk") == "forste-besok"
    assert norwegian_slugify("Ærlig talt på Åsane") == "aerlig-talt-pa-asane"
    assert norwegian_slugify("Bodø og Tromsø") == "bodo-og-tromso"


def test_a_followup_draft_is_announced_and_its_instruction_never_published(
    client,
    invitation,
    karmoy,
    bergen,
    contributor,  # noqa: F811
    husbanken_editor,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    bergen_contributor = member_of(
        moderation.municipality_group_name(bergen), "bergen-bidrag"
    )
    moderation.ensure_municipality_editors(bergen)
    article = answer(invitation, django_capture_on_commit_callbacks)

    # The slug keeps ø as o.
    assert article.slug == "forste-besok-hos-utleierne"
    assert not article.live

    # Karmøy's contributors and Husbanken's editors are told, by e-mail ...
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [contributor.email, husbanken_editor.email]
    )
    message = mail.outbox[0]
    assert message.subject == "Nytt utkast fra oppfølgingen: Første besøk hos utleierne"
    assert f"http://testserver{edit_url(article)}" in message.body

    # ... and on their admin dashboard; Bergen's contributors are not.
    for user in (contributor, husbanken_editor):
        client.force_login(user)
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Utkast fra oppfølgingen som venter" in home
        assert "Første besøk hos utleierne" in home
    client.force_login(bergen_contributor)
    assert "Første besøk hos utleierne" not in (
        client.get(reverse("wagtailadmin_home")).content.decode()
    )

    # The instruction is a note beside the draft, not its text.
    assert INSTRUCTION not in str(article.body)
    client.force_login(contributor)
    assert INSTRUCTION in client.get(edit_url(article)).content.decode()

    # Husbanken sees the never-published draft in its preview.
    client.force_login(husbanken_editor)
    draft = client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    assert draft.status_code == 200
    assert "Færre klager." in draft.content.decode()

    # Husbanken publishes the draft as it stands: the instruction is not on the site.
    client.force_login(husbanken_editor)
    response = client.post(
        edit_url(article),
        article_data(
            article.title,
            article.slug,
            body=loop_body(article),
            action="action-publish",
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    client.logout()
    public = client.get(article.url).content.decode()
    assert "Første besøk hos utleierne" in public
    assert "Færre klager." in public
    assert INSTRUCTION not in public
    # Nor does it linger in the editor or on the dashboard once published.
    client.force_login(husbanken_editor)
    assert INSTRUCTION not in client.get(edit_url(article)).content.decode()
    assert "Utkast fra oppfølgingen som venter" not in (
        client.get(reverse("wagtailadmin_home")).content.decode()
    )


def loop_body(article):
    """The draft's body as the editor posts it back unchanged."""
    from wagtail.test.utils.form_data import rich_text, streamfield

    blocks = []
    for block in article.body:
        if block.block_type == "paragraph":
            blocks.append(("paragraph", rich_text(block.value.source)))
        else:
            blocks.append((block.block_type, dict(block.value)))
    return streamfield(blocks)


def test_a_page_saved_without_a_slug_gets_a_readable_one(karmoy):
    # The admin's form requires a slug, which its title field fills in with ø as o
    # (WAGTAIL_ALLOW_UNICODE_SLUGS = False); pages made in code get theirs here.
    page = ExperienceArticlePage(title="Første besøk på Ærøy", slug="")
    karmoy.add_child(instance=page)
    page.refresh_from_db()
    assert page.slug == "forste-besok-pa-aeroy"


def test_the_draft_is_announced_in_the_municipalitys_adopted_standard(
    invitation,
    karmoy,
    contributor,  # noqa: F811
    husbanken_editor,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """Karmøy writes nynorsk: the e-mail about its draft is in nynorsk, to everyone
    it goes to (the language act's § 15)."""
    karmoy.adopted_standard = "nn"
    karmoy.save(update_fields=["adopted_standard"])
    answer(invitation, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert (
            message.subject == "Nytt utkast frå oppfølginga: Første besøk hos utleierne"
        )
        assert message.body.startswith("Hei!\n\nEit svar på oppfølginga")
