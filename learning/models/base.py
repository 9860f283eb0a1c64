import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext, gettext_lazy, gettext_noop
from rest_framework import serializers
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index

from portal import sharing, structured_data
from portal.models import BasePage, MunicipalityPage, Person, SiteSettings

IDENTIFIABLE_HELP = gettext_lazy(
    "Artikkelen handler ofte om mennesker i en sårbar situasjon. Bekreft at ingen som "
    "omtales, kan kjennes igjen – heller ikke av naboer eller kolleger."
)
# A plain string (marked, not translated here): translated where it is shown, with
# gettext(IDENTIFIABLE_ERROR).
IDENTIFIABLE_ERROR = gettext_noop(
    "Bekreft at ingen personer som omtales kan kjennes igjen, før du sender til "
    "godkjenning eller publiserer."
)
UNCONFIRMED_MESSAGE = gettext_lazy(
    "«{title}» kan ikke publiseres før det er bekreftet at ingen personer som "
    "omtales kan kjennes igjen. Be om endringer, eller åpne siden, kontroller den og "
    "kryss av for bekreftelsen."
)

logger = logging.getLogger(__name__)


def unconfirmed(page):
    """Whether the latest version of a page still lacks the anonymity confirmation.

    False for pages that need no confirmation.
    """
    page = page.specific_deferred
    if not isinstance(page, ConfirmedAnonymousMixin):
        return False
    revision = page.get_latest_revision()
    latest = revision.as_object() if revision else page
    return not latest.no_identifiable_persons


def names():
    """Related snippets (people, target groups) appear in the API by name.

    A new serializer field for every APIField: DRF binds a field to one name, so a
    shared instance would show the first field's values under every other name.
    """
    return serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")


def themes_by_page(page_ids, models):
    """{page id: [Tag] in name order} for pages of ``models``, in one query.

    What prefetching ``tags`` gives a list, without taggit's manager building a query
    of its own for every page (most of the time it took to read a list's page).
    """
    links = [
        model.tags.through.objects.filter(content_object_id__in=page_ids)
        .order_by()
        .values_list("content_object_id", "tag__name", "tag__slug")
        for model in models
    ]
    themes = {}
    for page_id, name, slug in links[0].union(*links[1:], all=True):
        themes.setdefault(page_id, []).append(Tag(name=name, slug=slug))
    for tags in themes.values():
        tags.sort(key=lambda tag: tag.name.lower())
    return themes


def with_themes(pages):
    """``pages`` (knowledge of any kind) as a list, each with its ``themes`` read
    in one query for them all."""
    pages = list(pages)
    if pages:
        themes = themes_by_page(
            [page.pk for page in pages], dict.fromkeys(type(page) for page in pages)
        )
        for page in pages:
            page.themes = themes.get(page.pk, [])
    return pages


class KnowledgePage(BasePage):
    """What every kind of shared knowledge has: a date, a municipality and themes.

    Pages written below a municipality belong to it; Husbanken chooses one (or none)
    for pages written elsewhere.
    """

    # Relations to many (vocabularies) the page shows besides its themes: a page
    # served reads them together with the themes (``shown``).
    shown_relations = ()
    # Whether ``themes`` and ``shown`` are read together (``get_context``).
    relations_together = False

    date = models.DateField(
        gettext_lazy("dato"),
        default=datetime.date.today,
        help_text=gettext_lazy(
            "Når erfaringen ble skrevet eller presentasjonen ble holdt."
        ),
    )
    municipality = models.ForeignKey(
        "portal.MunicipalityPage",
        verbose_name=gettext_lazy("programkommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("Settes automatisk når siden ligger under en kommune."),
    )

    api_fields = [
        APIField("intro"),
        APIField("date"),
        APIField("municipality"),
        APIField("tags"),
    ]

    search_fields = BasePage.search_fields + [
        index.FilterField("date"),
        index.FilterField("municipality"),
    ]

    class Meta:
        abstract = True
        # The lists show the newest first, twenty at a time.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="%(class)s_new")]

    def save(self, *args, **kwargs):
        if self.path and self.depth and self.depth > 2:
            parent = self.get_parent()
            if parent.specific_class is MunicipalityPage:
                self.municipality_id = parent.pk
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Worked out only when the template's cached fragment is missing.
        context["json_ld"] = SimpleLazyObject(lambda: self.json_ld(request))
        # A page as published reads its themes and other relations together; a
        # preview's are the edited ones, held in memory.
        self.relations_together = bool(self.pk) and not getattr(
            request, "is_preview", False
        )
        return context

    def json_ld(self, request):
        """schema.org Article: what search engines show of an article, a good practice
        or a presentation. Its municipality wrote it; Husbanken publishes it."""
        publisher = structured_data.organisation(
            SiteSettings.for_request(request).organisation_name or "Husbanken"
        )
        url = self.get_full_url(request)
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title[:110],
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": "nb",
            "datePublished": (
                self.first_published_at.isoformat()
                if self.first_published_at
                else self.date.isoformat()
            ),
            "author": (
                structured_data.organisation(f"{self.municipality.title} kommune")
                if self.municipality_id
                else publisher
            ),
            "publisher": publisher,
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.intro:
            data["description"] = self.intro
        if self.themes:
            data["keywords"] = ", ".join(tag.name for tag in self.themes)
        image = sharing.sharing_image(self, request)
        if image:
            data["image"] = image["url"]
        return structured_data.script_json(data)

    @cached_property
    def themes(self):
        """Tags in name order, from the prefetch cache when there is one; read once."""
        if self.relations_together:
            return self._together["tags"]
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())

    @cached_property
    def contact(self):
        """The page's contact person with their municipality, in one query (the
        contact box shows both), or None."""
        person_id = getattr(self, "contact_person_id", None)
        if not person_id:
            return None
        return (
            Person.objects.select_related("municipality").filter(pk=person_id).first()
        )

    @cached_property
    def shown(self):
        """{name: [row]} of the page's ``shown_relations``, in their own order."""
        if self.relations_together:
            return {name: self._together[name] for name in self.shown_relations}
        return {name: list(getattr(self, name).all()) for name in self.shown_relations}

    @cached_property
    def _together(self):
        """The themes and the ``shown_relations``, in one query."""
        parts = [
            self.tags.through.objects.filter(content_object_id=self.pk).values_list(
                Value("tags"), "tag_id", "tag__name", "tag__slug", Value(0)
            )
        ]
        for name in self.shown_relations:
            field = self._meta.get_field(name)
            target = field.m2m_reverse_field_name()
            parts.append(
                field.remote_field.through.objects.filter(
                    **{field.m2m_field_name(): self.pk}
                ).values_list(
                    Value(name),
                    target,
                    f"{target}__name",
                    f"{target}__slug",
                    f"{target}__sort_order",
                )
            )
        rows = {"tags": [], **{name: [] for name in self.shown_relations}}
        parts = [part.order_by() for part in parts]
        for name, pk, label, slug, order in parts[0].union(*parts[1:], all=True):
            rows[name].append((order, label.lower(), pk, label, slug))
        models_of = {"tags": Tag} | {
            name: self._meta.get_field(name).related_model
            for name in self.shown_relations
        }
        together = {}
        for name, found in rows.items():
            model = models_of[name]
            together[name] = [
                model(pk=pk, name=label, slug=slug)
                for _, _, pk, label, slug in sorted(found)
            ]
        return together


class ConfirmedAnonymousMixin(models.Model):
    """Content about vulnerable people: its author confirms no one can be recognised."""

    no_identifiable_persons = models.BooleanField(
        gettext_lazy("ingen kan kjennes igjen"),
        default=False,
        help_text=IDENTIFIABLE_HELP,
    )

    class Meta:
        abstract = True

    def publish(self, revision, *args, **kwargs):
        # Every way to publish (the editor's button, the workflow's approval, bulk and
        # scheduled publishing) ends here. The admin stops people earlier, with a
        # message (learning.models.page_forms, learning.admin_views); drafts may be saved
        # unconfirmed. (A check in clean() would refuse drafts too: an unsaved page and
        # a live page's draft both have live=True.)
        if not revision.as_object().no_identifiable_persons:
            if kwargs.get("log_action") == "wagtail.publish.scheduled":
                # publish_scheduled has no one to tell and would stop at the first
                # error, leaving every later page unpublished: withdraw the schedule.
                type(revision).objects.filter(pk=revision.pk).update(
                    approved_go_live_at=None
                )
                logger.warning(
                    "Scheduled publishing of page %s withdrawn: no confirmation that "
                    "nobody can be recognised.",
                    self.pk,
                )
                return None
            raise ValidationError(
                {"no_identifiable_persons": gettext(IDENTIFIABLE_ERROR)}
            )
        return super().publish(revision, *args, **kwargs)

    @classmethod
    def confirmation_panel(cls):
        return FieldPanel("no_identifiable_persons")
