from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from learning.blocks import ArticleBodyBlock, CalculatorScenarioBlock
from portal import public_pages
from portal.blocks import RICH_TEXT_FEATURES

from .base import ConfirmedAnonymousMixin, KnowledgePage, names
from .page_forms import ConfirmedAnonymousPageForm

THEMES_HELP = gettext_lazy(
    "Temaer binder innhold sammen på tvers av kommuner, for eksempel "
    "«gjennomstrømning» eller «bostedsløse». Bruk eksisterende temaer når de passer."
)


class FollowUpNotePanel(HelpPanel):
    """The follow-up's instruction to the contributors, beside a draft, never in it.

    Shown while the page is a follow-up draft that has never been published; the
    instruction is not content, so publishing cannot put it on the site.
    """

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            note = getattr(self.instance, "followup_note", "")
            self.content = format_html(
                '<div class="help-block help-info"><p>{}</p></div>', note
            )

        def is_shown(self):
            page = self.instance
            return bool(page.followup_note) and not page.first_published_at


class ExperienceArticlePage(ConfirmedAnonymousMixin, KnowledgePage):
    """An experience article (erfaringsartikkel): what a municipality learned, in prose."""

    shown_relations = ("target_groups",)

    body = StreamField(
        ArticleBodyBlock(), verbose_name=gettext_lazy("innhold"), blank=True
    )
    authors = ParentalManyToManyField(
        "portal.Person",
        verbose_name=gettext_lazy("forfattere"),
        blank=True,
        related_name="experience_articles",
    )
    contact_person = models.ForeignKey(
        "portal.Person",
        verbose_name=gettext_lazy("kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experience_articles_as_contact",
        help_text=gettext_lazy("Den lesere kan spørre om erfaringene."),
    )
    tags = ClusterTaggableManager(
        through="learning.ExperienceArticleTag",
        verbose_name=gettext_lazy("temaer"),
        blank=True,
        help_text=THEMES_HELP,
    )
    target_groups = ParentalManyToManyField(
        "portal.TargetGroup",
        verbose_name=gettext_lazy("målgrupper"),
        blank=True,
        related_name="+",
    )
    related_practices = ParentalManyToManyField(
        "learning.GoodPracticePage",
        verbose_name=gettext_lazy("relaterte gode eksempler"),
        blank=True,
        related_name="related_articles",
    )
    # Set when a gathering's follow-up made the draft (events.loop): what the
    # contributors must do before submitting. Shown beside the draft, never published.
    followup_note = models.TextField(
        gettext_lazy("merknad fra oppfølgingen"), blank=True, editable=False
    )

    content_panels = [FollowUpNotePanel(heading=gettext_lazy("Fra oppfølgingen"))] + [
        *KnowledgePage.content_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("authors"),
                FieldPanel("contact_person"),
                FieldPanel("municipality"),
                FieldPanel("tags"),
                FieldPanel("target_groups"),
                FieldPanel("related_practices"),
            ],
            heading=gettext_lazy("Om artikkelen"),
        ),
        ConfirmedAnonymousMixin.confirmation_panel(),
    ]
    base_form_class = ConfirmedAnonymousPageForm

    api_fields = KnowledgePage.api_fields + [
        APIField("body"),
        APIField("authors", serializer=names()),
        APIField("target_groups", serializer=names()),
    ]

    search_fields = KnowledgePage.search_fields + [
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("authors", [index.SearchField("name")]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
    ]

    parent_page_types = ["portal.MunicipalityPage", "learning.ExperienceIndexPage"]
    subpage_types = []

    class Meta(KnowledgePage.Meta):
        verbose_name = gettext_lazy("erfaringsartikkel")
        verbose_name_plural = gettext_lazy("erfaringsartikler")

    @cached_property
    def live_related_practices(self):
        """The related practices readers may open, read once.

        Filtered here, not with ``.live()``: in a preview the relation is modelcluster's
        in-memory list, which has no page queryset methods.
        """
        return [
            practice
            for practice in self.related_practices.all().select_related("municipality")
            if practice.live
        ]


class PracticeStatus(models.TextChoices):
    PLANNED = "planned", gettext_lazy("Planlagt")
    ONGOING = "ongoing", gettext_lazy("Pågår")
    ESTABLISHED = "established", gettext_lazy("Fast drift")
    ENDED = "ended", gettext_lazy("Avsluttet")


class GoodPracticePage(ConfirmedAnonymousMixin, KnowledgePage):
    """A good practice (godt eksempel), structured so that two can be compared.

    Problem, measure, results with evidence, resources and what it takes to transfer it;
    "adapted from" records the trail when one municipality takes up another's practice.
    """

    shown_relations = ("target_groups", "programme_goals")

    problem = RichTextField(
        gettext_lazy("utfordringen"),
        features=RICH_TEXT_FEATURES,
        help_text=gettext_lazy("Hvilket problem skulle tiltaket løse, og for hvem?"),
    )
    measures = RichTextField(
        gettext_lazy("hva vi gjorde"),
        features=RICH_TEXT_FEATURES,
        help_text=gettext_lazy("Tiltaket, steg for steg."),
    )
    results = RichTextField(
        gettext_lazy("resultater"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=gettext_lazy(
            "Hva endret seg for menneskene tiltaket var for? Hvordan vet dere det?"
        ),
    )
    resources = RichTextField(
        gettext_lazy("ressurser"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=gettext_lazy(
            "Stillinger, penger, samarbeidspartnere og virkemidler som ble brukt."
        ),
    )
    calculations = StreamField(
        [("calculator", CalculatorScenarioBlock())],
        verbose_name=gettext_lazy("beregninger"),
        blank=True,
        help_text=gettext_lazy(
            "Økonomien i boligprosjekter tiltaket bygger på, fra kalkulatoren."
        ),
    )
    transfer = RichTextField(
        gettext_lazy("for andre som vil gjøre det samme"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=gettext_lazy(
            "Hva må være på plass for at en annen kommune kan ta i bruk tiltaket?"
        ),
    )
    contact_person = models.ForeignKey(
        "portal.Person",
        verbose_name=gettext_lazy("kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="good_practices_as_contact",
    )
    period_start = models.PositiveSmallIntegerField(
        gettext_lazy("startår"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    period_end = models.PositiveSmallIntegerField(
        gettext_lazy("sluttår"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=gettext_lazy("Står tom så lenge tiltaket pågår."),
    )
    status = models.CharField(
        gettext_lazy("status"),
        max_length=20,
        choices=PracticeStatus.choices,
        default=PracticeStatus.ONGOING,
    )
    tags = ClusterTaggableManager(
        through="learning.GoodPracticeTag",
        verbose_name=gettext_lazy("temaer"),
        blank=True,
        help_text=THEMES_HELP,
    )
    target_groups = ParentalManyToManyField(
        "portal.TargetGroup",
        verbose_name=gettext_lazy("målgrupper"),
        blank=True,
        related_name="+",
    )
    programme_goals = ParentalManyToManyField(
        "portal.ProgrammeGoal",
        verbose_name=gettext_lazy("programmål"),
        blank=True,
        related_name="+",
    )
    adapted_from = models.ForeignKey(
        "self",
        verbose_name=gettext_lazy("tilpasset fra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
        help_text=gettext_lazy(
            "Et godt eksempel fra en annen kommune som dette bygger på."
        ),
    )

    content_panels = KnowledgePage.content_panels + [
        FieldPanel("problem"),
        FieldPanel("measures"),
        FieldPanel("results"),
        InlinePanel(
            "figures",
            heading=gettext_lazy("Tall før og etter"),
            label=gettext_lazy("Tall"),
        ),
        FieldPanel("resources"),
        FieldPanel("calculations"),
        InlinePanel(
            "outcomes",
            heading=gettext_lazy("Resultater tiltaket påvirket"),
            help_text=gettext_lazy(
                "Tallene på kommunens resultatside som tiltaket flyttet, og i "
                "hvilke år."
            ),
        ),
        FieldPanel("transfer"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("municipality"),
                FieldPanel("contact_person"),
                FieldPanel("period_start"),
                FieldPanel("period_end"),
                FieldPanel("status"),
                FieldPanel("adapted_from"),
            ],
            heading=gettext_lazy("Om tiltaket"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("tags"),
                FieldPanel("target_groups"),
                FieldPanel("programme_goals"),
            ],
            heading=gettext_lazy("Temaer, målgrupper og programmål"),
        ),
        ConfirmedAnonymousMixin.confirmation_panel(),
    ]
    base_form_class = ConfirmedAnonymousPageForm

    api_fields = KnowledgePage.api_fields + [
        APIField("problem"),
        APIField("measures"),
        APIField("results"),
        APIField("resources"),
        APIField("transfer"),
        APIField("figures"),
        APIField("period_start"),
        APIField("period_end"),
        APIField("status"),
        APIField("target_groups", serializer=names()),
        APIField("programme_goals", serializer=names()),
        APIField("adapted_from"),
    ]

    search_fields = KnowledgePage.search_fields + [
        index.SearchField("problem"),
        index.SearchField("measures"),
        index.SearchField("results"),
        index.SearchField("resources"),
        index.SearchField("transfer"),
        index.FilterField("status"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        index.RelatedFields("programme_goals", [index.SearchField("name")]),
    ]

    parent_page_types = ["portal.MunicipalityPage", "learning.GoodPracticeIndexPage"]
    subpage_types = []

    class Meta(KnowledgePage.Meta):
        verbose_name = gettext_lazy("godt eksempel")
        verbose_name_plural = gettext_lazy("gode eksempler")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.period_end
            and self.period_start
            and self.period_end < self.period_start
        ):
            errors["period_end"] = gettext("Sluttåret kan ikke være før startåret.")
        if self.adapted_from_id and self.adapted_from_id == self.pk:
            errors["adapted_from"] = gettext(
                "Et godt eksempel kan ikke være tilpasset fra seg selv."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's cached article is missing.
        context.update(
            figures=self.figures.all(),
            adapted_from=SimpleLazyObject(self.live_adapted_from),
            # A new page, previewed before it is saved, has no adaptations to read.
            adaptations=(
                self.adaptations.live()
                .filter(public_pages.public())
                .select_related("municipality")
                if self.pk
                else []
            ),
        )
        return context

    def live_adapted_from(self):
        adapted_from = self.adapted_from
        return adapted_from if adapted_from and adapted_from.live else None

    @property
    def period(self):
        if self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return gettext("Fra %(year)s") % {"year": self.period_start}


class GoodPracticeFigure(Orderable):
    """A measured result, before and after, so readers can see the change."""

    page = ParentalKey(
        GoodPracticePage, on_delete=models.CASCADE, related_name="figures"
    )
    indicator = models.CharField(
        gettext_lazy("hva som er målt"),
        max_length=160,
        help_text=gettext_lazy(
            "For eksempel «Husstander i midlertidig bolig over tre måneder»."
        ),
    )
    unit = models.CharField(
        gettext_lazy("enhet"),
        max_length=40,
        help_text=gettext_lazy("For eksempel «husstander»."),
    )
    before_value = models.DecimalField(
        gettext_lazy("før"), max_digits=12, decimal_places=2
    )
    before_year = models.PositiveSmallIntegerField(
        gettext_lazy("år (før)"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    after_value = models.DecimalField(
        gettext_lazy("etter"), max_digits=12, decimal_places=2
    )
    after_year = models.PositiveSmallIntegerField(
        gettext_lazy("år (etter)"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )

    api_fields = [
        APIField("indicator"),
        APIField("unit"),
        APIField("before_value"),
        APIField("before_year"),
        APIField("after_value"),
        APIField("after_year"),
    ]

    panels = [
        FieldPanel("indicator"),
        FieldPanel("unit"),
        FieldPanel("before_value"),
        FieldPanel("before_year"),
        FieldPanel("after_value"),
        FieldPanel("after_year"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("tall før og etter")
        verbose_name_plural = gettext_lazy("tall før og etter")

    @classmethod
    def from_rows(cls, rows):
        """Unsaved figures, in order, from (indicator, unit, before, before year, after,
        after year) rows."""
        return [
            cls(
                indicator=indicator,
                unit=unit,
                before_value=Decimal(str(before)),
                before_year=before_year,
                after_value=Decimal(str(after)),
                after_year=after_year,
                sort_order=order,
            )
            for order, (indicator, unit, before, before_year, after, after_year) in (
                enumerate(rows)
            )
        ]

    @staticmethod
    def _number(value):
        """6.50 → «6,5», 40.00 → «40»: as many decimals as the figure has."""
        text = format(value.normalize(), "f") if value is not None else ""
        return text.replace(".", ",")

    @property
    def before_display(self):
        return self._number(self.before_value)

    @property
    def after_display(self):
        return self._number(self.after_value)

    def clean(self):
        if self.before_year and self.after_year and self.after_year < self.before_year:
            raise ValidationError(
                {"after_year": gettext("Året etter kan ikke være før året før.")}
            )
