"""Every page type previews in every state, with its relations set but not saved.

Husbanken approves municipal pages from the preview alone, so a preview that fails is
a page nobody can approve. In a preview the page's relations (ParentalKey,
ParentalManyToManyField, ClusterTaggableManager) are modelcluster's in-memory lists,
not querysets: a template or context method that calls ``.live()`` on them fails
there and only there.

The page types are read from Wagtail's registry, so a new type without a builder
here fails ``test_every_page_type_has_a_builder``.
"""

import datetime
import html

import pytest
from django.contrib.auth import get_user_model
from django.forms import CheckboxInput, SelectMultiple
from django.urls import reverse
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.blocks import ListBlock, StreamBlock, StructBlock
from wagtail.blocks.base import BlockWidget
from wagtail.models import Page, get_page_models
from wagtail.rich_text import RichText

from events.models import AgendaItem, EvaluationQuestion
from learning import moderation
from learning.models import (
    GoodPracticeFigure,
    OutcomeFigure,
    OutcomeType,
    PracticeOutcome,
)
from portal.models import MunicipalityContact, MunicipalityOutcome
from tests.events.factories import (
    AgendaItemFactory,
    GatheringIndexPageFactory,
    GatheringPageFactory,
    GatheringReportPageFactory,
    in_days,
)
from tests.factories import (
    MunicipalityIndexPageFactory,
    MunicipalityPageFactory,
    PersonFactory,
    ProgrammeGoalFactory,
    StandardPageFactory,
    TargetGroupFactory,
)
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
    PresentationIndexPageFactory,
    PresentationPageFactory,
)

APPS = ("portal", "learning", "events")


def project_page_models():
    return sorted(
        (
            model
            for model in get_page_models()
            if model._meta.app_label in APPS and not model._meta.abstract
        ),
        key=lambda model: model._meta.label,
    )


# --- the site every page is built in ---


class Site:
    """The pages and snippets the builders hang their pages and relations on."""

    def __init__(self, home):
        self.home = home
        self.municipalities = MunicipalityIndexPageFactory(parent=home)
        self.karmoy = MunicipalityPageFactory(
            parent=self.municipalities, title="Karmøy", slug="karmoy"
        )
        self.experiences = ExperienceIndexPageFactory(parent=home)
        self.practices = GoodPracticeIndexPageFactory(parent=home)
        self.presentations = PresentationIndexPageFactory(parent=home)
        self.gatherings = GatheringIndexPageFactory(parent=home)
        self.person = PersonFactory(name="Kari Forhåndsvisning")
        self.target_group = TargetGroupFactory(name="Unge bostedsløse")
        self.goal = ProgrammeGoalFactory(name="Flere får egen bolig")
        self.outcome_type = OutcomeType.objects.create(
            name="Bosatt fra midlertidig", slug="bosatt-fra-midlertidig"
        )
        self.practice = GoodPracticePageFactory(
            parent=self.karmoy, title="Bolig først i Karmøy"
        )
        self.talk = PresentationPageFactory(
            parent=self.presentations, title="Lysark fra Bolig først"
        )


# Each builder makes a page of its type in the tree (or takes the one there is) and
# then sets its relations on the object only: they reach the preview through the
# form or a revision, never the database. It returns the page and the texts of the
# related items the preview must show.


def _home(site):
    site.home.body = [("paragraph", RichText("<p>Velkommen til programmet.</p>"))]
    return site.home, ["Velkommen til programmet."]


def _standard(site):
    page = StandardPageFactory(parent=site.home, title="Om programmet")
    page.body = [("paragraph", RichText("<p>Programmet varer i ti år.</p>"))]
    return page, ["Programmet varer i ti år."]


def _municipality_index(site):
    return site.municipalities, []


def _municipality(site):
    page = site.karmoy
    page.contacts = [MunicipalityContact(person=site.person, responsibility="Leder")]
    page.outcomes = [MunicipalityOutcome(year=2016, homeless_settled=31)]
    return page, [site.person.name]


def _results(site):
    from learning.models import MunicipalityResultsPage

    page = MunicipalityResultsPage(title="Resultater i Karmøy", slug="resultater")
    site.karmoy.add_child(instance=page)
    page.figures = [OutcomeFigure(outcome_type=site.outcome_type, year=2016, value=7)]
    return page, [site.outcome_type.name]


def _experience_index(site):
    return site.experiences, []


def _practice_index(site):
    return site.practices, []


def _presentation_index(site):
    return site.presentations, []


def _gathering_index(site):
    return site.gatherings, []


def _article(site):
    page = ExperienceArticlePageFactory(
        parent=site.karmoy, title="Slik fikk vi flere i egen bolig"
    )
    page.authors = [site.person]
    page.target_groups = [site.target_group]
    page.related_practices = [site.practice]
    page.tags.set(["Bostedsløse"])
    return page, [
        site.person.name,
        site.target_group.name,
        site.practice.title,
        "Bostedsløse",
    ]


def _practice(site):
    page = GoodPracticePageFactory(parent=site.karmoy, title="Boveileder i Karmøy")
    page.target_groups = [site.target_group]
    page.programme_goals = [site.goal]
    page.contact_person = site.person
    page.adapted_from = site.practice
    page.tags.set(["Boligsosialt arbeid"])
    page.figures = [
        GoodPracticeFigure(
            indicator="Husstander i midlertidig bolig",
            unit="husstander",
            before_value=40,
            before_year=2014,
            after_value=12,
            after_year=2018,
        )
    ]
    page.outcomes = [
        PracticeOutcome(outcome_type=site.outcome_type, from_year=2015, to_year=2017)
    ]
    return page, [
        site.target_group.name,
        site.goal.name,
        site.person.name,
        site.practice.title,
        "Boligsosialt arbeid",
        "Husstander i midlertidig bolig",
    ]


def _presentation(site):
    page = PresentationPageFactory(
        parent=site.presentations, title="Bostøtte for kommunene"
    )
    page.speakers = [site.person]
    page.tags.set(["Bostøtte"])
    return page, [site.person.name, "Bostøtte"]


def _gathering(site):
    page = GatheringPageFactory(parent=site.gatherings, title="Fagsamling i Bergen")
    item = AgendaItem(
        title="Bolig først i praksis",
        start=page.start,
        end=page.start + datetime.timedelta(minutes=45),
        presentation=site.talk,
        good_practice=site.practice,
    )
    item.speakers = [site.person]
    page.agenda_items = [item]
    page.evaluation_questions = [EvaluationQuestion(text="Hvor nyttig var dagen?")]
    page.tags.set(["Bolig først"])
    return page, [
        "Bolig først i praksis",
        site.person.name,
        site.talk.title,
        site.practice.title,
        "Bolig først",
    ]


def _report(site):
    gathering = GatheringPageFactory(
        parent=site.gatherings,
        title="Nettverkssamling i Bodø",
        start=in_days(-20, 9),
        end=in_days(-20, 16),
        registration_opens=in_days(-40),
        registration_closes=in_days(-21),
    )
    item = AgendaItemFactory(page=gathering, title="Erfaringer fra Bodø")
    item.speakers.set([site.person])
    item.presentation = site.talk
    item.save()
    page = GatheringReportPageFactory(parent=gathering, title="Rapport fra Bodø")
    page.body = [("paragraph", RichText("<p>Vi lærte mye om bostøtte.</p>"))]
    return page, ["Vi lærte mye om bostøtte.", site.person.name, site.talk.title]


BUILDERS = {
    "portal.HomePage": _home,
    "portal.StandardPage": _standard,
    "portal.MunicipalityIndexPage": _municipality_index,
    "portal.MunicipalityPage": _municipality,
    "learning.MunicipalityResultsPage": _results,
    "learning.ExperienceIndexPage": _experience_index,
    "learning.GoodPracticeIndexPage": _practice_index,
    "learning.PresentationIndexPage": _presentation_index,
    "learning.ExperienceArticlePage": _article,
    "learning.GoodPracticePage": _practice,
    "learning.PresentationPage": _presentation,
    "events.GatheringIndexPage": _gathering_index,
    "events.GatheringPage": _gathering,
    "events.GatheringReportPage": _report,
}


# --- admin form data from a page object, as the editor's browser would post it ---


def _widget_value(widget, value):
    """What a browser posts for ``value`` (already the form field's prepared value)."""
    if isinstance(widget, CheckboxInput):
        return "on" if value else None
    if isinstance(widget, SelectMultiple):
        return [str(item) for item in value or []]
    if isinstance(widget, BaseChooser):
        return "" if value in (None, "") else str(getattr(value, "pk", value))
    formatted = widget.format_value(value)
    if isinstance(formatted, list):  # Select
        return formatted[0] if formatted else ""
    return "" if formatted is None else formatted


def _block_data(block, value, prefix):
    """A StreamField value as the flat keys Wagtail's block editor posts."""
    data = {}
    if isinstance(block, StreamBlock):
        children = list(value or [])
        data[f"{prefix}-count"] = len(children)
        for i, child in enumerate(children):
            data[f"{prefix}-{i}-type"] = child.block_type
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = i
            data[f"{prefix}-{i}-id"] = child.id or ""
            data.update(_block_data(child.block, child.value, f"{prefix}-{i}-value"))
    elif isinstance(block, ListBlock):
        children = list(value.bound_blocks) if value else []
        data[f"{prefix}-count"] = len(children)
        for i, child in enumerate(children):
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = i
            data[f"{prefix}-{i}-id"] = child.id or ""
            data.update(
                _block_data(block.child_block, child.value, f"{prefix}-{i}-value")
            )
    elif isinstance(block, StructBlock):
        for name, child in block.child_blocks.items():
            data.update(_block_data(child, value.get(name), f"{prefix}-{name}"))
    else:
        data[prefix] = _widget_value(block.field.widget, block.value_for_form(value))
    return data


def _form_data(form, new_children=True):
    data = {}
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, BlockWidget):
            data.update(_block_data(widget.block_def, bound.value(), bound.html_name))
            continue
        value = _widget_value(widget, bound.value())
        if value is not None:
            data[bound.html_name] = value
    for formset in getattr(form, "formsets", {}).values():
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        data[formset.management_form["INITIAL_FORMS"].html_name] = 0
        data[formset.management_form["TOTAL_FORMS"].html_name] = len(formset.forms)
        for child in formset.forms:
            child_data = _form_data(child)
            # Posted as new rows: the relation exists in the form only.
            child_data[child["id"].html_name] = ""
            data.update(child_data)
    return data


def edit_form_data(page, user):
    form_class = page.get_edit_handler().get_form_class()
    parent = page.get_parent().specific
    form = form_class(instance=page, for_user=user, parent_page=parent)
    return _form_data(form)


# --- the test ---


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "redaktor", "redaktor@example.no", "passord"
    )


@pytest.fixture
def site(home_page):
    return Site(home_page)


def assert_shows(response, page_title, texts):
    assert response.status_code == 200, response.content[:2000]
    content = html.unescape(response.content.decode())
    assert page_title in content
    for text in texts:
        assert text in content, f"{text!r} missing from the preview"


def preview_through_form(client, url, data, title, texts):
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.json()["is_valid"], response.json()
    assert_shows(client.get(url), title, texts)


def test_every_page_type_has_a_builder():
    labels = {model._meta.label for model in project_page_models()}
    assert labels == set(BUILDERS), "add a builder for each new page type"


@pytest.mark.parametrize("label", sorted(BUILDERS))
def test_page_previews_in_every_state(label, site, superuser, client):
    client.force_login(superuser)
    page, texts = BUILDERS[label](site)
    title = f"{page.title} (utkast)"
    page.title = title
    parent = page.get_parent().specific
    data = edit_form_data(page, superuser)

    # New: the add form, posted to the preview before anything is saved.
    model = type(page)
    if (
        model.can_create_at(parent)
        and model in parent.specific_class.allowed_subpage_models()
    ):
        add_data = {**data, "slug": f"{page.slug}-ny"}
        if "municipality_number" in add_data:  # unique: a second Karmøy is refused
            add_data["municipality_number"] = "9999"
        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        preview_through_form(client, url, add_data, title, texts)

    # Editing (a draft, or a live page's next version): the edit form's preview.
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    preview_through_form(client, url, data, title, texts)

    # A saved draft, with the relations in the revision only.
    first = page.save_revision(user=superuser)
    assert_shows(
        client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])),
        title,
        texts,
    )

    # An old revision, after a newer one.
    page.title = f"{page.title} – ny versjon"
    page.save_revision(user=superuser)
    assert_shows(
        client.get(
            reverse("wagtailadmin_pages:revisions_view", args=[page.pk, first.pk])
        ),
        title,
        texts,
    )

    # In moderation: what the reviewers' e-mail links to.
    workflow = moderation.ensure_workflow()
    state = workflow.start(page, superuser)
    task = state.current_task_state.task
    assert_shows(
        client.get(
            reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk])
        ),
        page.title,
        texts,
    )

    # The preview as Wagtail builds it from the latest revision.
    latest = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    response = latest.make_preview_request()
    assert_shows(response, latest.title, texts)
