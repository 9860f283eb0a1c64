from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from portal import public_pages
from portal.blocks import RICH_TEXT_FEATURES

from .base import BasePage


class County(models.TextChoices):
    """Norway's counties (fylker) from 2024."""

    AGDER = "agder", "Agder"
    AKERSHUS = "akershus", "Akershus"
    BUSKERUD = "buskerud", "Buskerud"
    FINNMARK = "finnmark", "Finnmark"
    INNLANDET = "innlandet", "Innlandet"
    MORE_OG_ROMSDAL = "more-og-romsdal", "Møre og Romsdal"
    NORDLAND = "nordland", "Nordland"
    OSLO = "oslo", "Oslo"
    ROGALAND = "rogaland", "Rogaland"
    TELEMARK = "telemark", "Telemark"
    TROMS = "troms", "Troms"
    TRONDELAG = "trondelag", "Trøndelag"
    VESTFOLD = "vestfold", "Vestfold"
    VESTLAND = "vestland", "Vestland"
    OSTFOLD = "ostfold", "Østfold"


class AdoptedStandard(models.TextChoices):
    """A municipality's adopted written standard (målvedtak, the language act's § 15)."""

    BOKMAL = "nb", _("bokmål")
    NYNORSK = "nn", _("nynorsk")
    NEUTRAL = "neutral", _("nøytral")


class Region(models.TextChoices):
    """Husbanken's regional offices, which follow up the programme municipalities."""

    OST = "ost", _("Region øst")
    SOR = "sor", _("Region sør")
    VEST = "vest", _("Region vest")
    MIDT = "midt", _("Region Midt-Norge")
    NORD = "nord", _("Region nord")
    HAMMERFEST = "hammerfest", _("Region Hammerfest")


municipality_number_validator = RegexValidator(
    r"^[0-9]{4}\Z",
    _("Kommunenummeret må bestå av nøyaktig fire sifre, for eksempel 1149 for Karmøy."),
)


class KostraGroup(models.Model):
    """One of Statistics Norway's KOSTRA groups: municipalities of like size and
    economy, kept as SSB publishes them (code, description, source and year).

    Readers compare themselves with «kommuner som ligner»: the municipalities in the
    same group. SSB revises the grouping about every fifth year, and a new grouping
    may give a code another meaning, so each group says which grouping it is of.
    """

    code = models.CharField(
        _("kode"),
        max_length=10,
        unique=True,
        help_text=_("SSBs kode for gruppen, for eksempel EKG13."),
    )
    name = models.CharField(
        _("beskrivelse"),
        max_length=200,
        help_text=_(
            "SSBs beskrivelse av gruppen, for eksempel «Store kommuner utenom de "
            "fire største byene»."
        ),
    )
    source = models.CharField(
        _("kilde"),
        max_length=300,
        help_text=_("Hvem som har laget grupperingen, og hvor den er publisert."),
    )
    source_url = models.URLField(_("lenke til kilden"), blank=True)
    year = models.PositiveSmallIntegerField(
        _("år"),
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Året grupperingen gjelder for, for eksempel 2008."),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("year"),
        FieldPanel("source"),
        FieldPanel("source_url"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("KOSTRA-gruppe")
        verbose_name_plural = _("KOSTRA-grupper")

    def __str__(self):
        return f"{self.code} {self.name}"


class MunicipalityIndexPage(BasePage):
    """All programme municipalities, filterable by county and Husbanken region."""

    search_rank = 0.4  # a list ranks below the pages it lists

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.MunicipalityPage"]
    max_count = 1

    class Meta:
        # Readers see a page's type in the search's results.
        verbose_name = _("kommuneoversikt")
        verbose_name_plural = _("kommuneoversikter")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        all_municipalities = (
            MunicipalityPage.objects.child_of(self).live().filter(public_pages.public())
        )
        county = request.GET.get("fylke", "")
        region = request.GET.get("region", "")
        county = county if county in County.values else ""
        region = region if region in Region.values else ""
        # A KOSTRA group by its code; an unknown code is no filter, as for a county.
        kostra = request.GET.get("kostra", "")
        kostra = kostra if kostra.isalnum() and len(kostra) <= 10 else ""

        municipalities = all_municipalities
        if county:
            municipalities = municipalities.filter(county=county)
        if region:
            municipalities = municipalities.filter(region=region)
        in_place = municipalities
        if kostra:
            municipalities = municipalities.filter(kostra_group__code=kostra)

        # Counted only when the template's cached list is missing.
        index_url = self.get_url(request)
        context.update(
            municipalities=SimpleLazyObject(
                lambda: _cards(municipalities.order_by("title"), index_url)
            ),
            county=county,
            region=region,
            county_facets=SimpleLazyObject(
                lambda: _facets(
                    all_municipalities.filter(region=region)
                    if region
                    else all_municipalities,
                    "county",
                    County,
                )
            ),
            region_facets=SimpleLazyObject(
                lambda: _facets(
                    all_municipalities.filter(county=county)
                    if county
                    else all_municipalities,
                    "region",
                    Region,
                )
            ),
            kostra=kostra,
            kostra_facets=SimpleLazyObject(lambda: _kostra_facets(in_place)),
            total=SimpleLazyObject(all_municipalities.count),
        )
        return context


def _kostra_facets(municipalities):
    """(code, «code name», count) for each KOSTRA group among ``municipalities``
    (filtered by county and region), in code order: one query."""
    rows = (
        municipalities.filter(kostra_group__isnull=False)
        .order_by()
        .values_list("kostra_group__code", "kostra_group__name")
        .annotate(count=Count("pk"))
    )
    return sorted((code, f"{code} {name}", count) for code, name, count in rows)


def _cards(municipalities, index_url):
    """What each municipality's card shows, as rows rather than pages: a list shows
    350 or more, and a page each (its model, its address worked out by Wagtail) cost
    more than the rest of the list. A municipality's address is the list's own and its
    slug, as every child page's is."""
    counties, regions = dict(County.choices), dict(Region.choices)
    return [
        {
            **row,
            "url": f"{index_url}{row['slug']}/",
            "county_label": counties.get(row["county"], ""),
            "region_label": regions.get(row["region"], ""),
        }
        for row in municipalities.values(
            "title", "slug", "county", "region", "year_joined"
        )
    ]


def _facets(queryset, field, choices):
    """(value, label, count) for each choice that occurs in ``queryset``, in label order."""
    counts = dict(
        queryset.order_by()
        .values_list(field)
        .annotate(count=Count("pk"))
        .values_list(field, "count")
    )
    return [
        (value, label, counts[value])
        for value, label in sorted(choices.choices, key=lambda choice: choice[1])
        if counts.get(value)
    ]


class MunicipalityPage(BasePage):
    """A programme municipality: who to contact, what it works on, and what it has achieved.

    Its experience articles and good practices live below it, so the municipality's own
    editors' group can write there and nowhere else.
    """

    municipality_number = models.CharField(
        _("kommunenummer"),
        max_length=4,
        unique=True,
        validators=[municipality_number_validator],
        error_messages={
            "unique": _("Kommunenummeret er allerede brukt av en annen programkommune.")
        },
        help_text=_(
            "Fire sifre fra Statistisk sentralbyrå, for eksempel 1149 for Karmøy."
        ),
    )
    county = models.CharField(_("fylke"), max_length=20, choices=County.choices)
    region = models.CharField(
        _("Husbanken-region"),
        max_length=20,
        choices=Region.choices,
        help_text=_("Husbankens regionkontor som følger opp kommunen i programmet."),
    )
    year_joined = models.PositiveSmallIntegerField(
        _("med i programmet fra"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Året kommunen ble programkommune, for eksempel 2014."),
    )
    profile = RichTextField(
        _("om kommunen"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Kort om kommunen og det boligsosiale arbeidet der."),
    )
    goals = RichTextField(
        _("kommunens mål i programmet"),
        features=RICH_TEXT_FEATURES,
        blank=True,
    )
    adopted_standard = models.CharField(
        _("vedtatt målform"),
        max_length=8,
        choices=AdoptedStandard.choices,
        default=AdoptedStandard.NEUTRAL,
        help_text=_(
            "Målformen kommunestyret har vedtatt. E-post til kommunens "
            "bidragsytere og koordinatorer skrives på den, og kommunens sider er "
            "skrevet på den når siden selv ikke sier noe annet."
        ),
    )
    adopted_standard_source = models.CharField(
        _("kilde for målformen"),
        max_length=300,
        blank=True,
        help_text=_(
            "Hvor vedtaket står, for eksempel Språkrådets oversikt over "
            "målvedtak i kommunene, med år."
        ),
    )
    kostra_group = models.ForeignKey(
        KostraGroup,
        verbose_name=_("KOSTRA-gruppe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="municipalities",
        help_text=_(
            "SSBs gruppe av kommuner med lignende størrelse og økonomi. Sidene viser "
            "«Kommuner som ligner» fra samme gruppe."
        ),
    )
    image = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("kommunevåpen eller bilde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The photo, for the page and its sharing image; the KOSTRA group for «Kommuner
    # som ligner» (learning.similar), read with the page rather than after it.
    served_with = ("image__collection", "kostra_group")
    # The size the page shows its photo in, read with its sharing crop.
    photo_size = "width-800"

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("municipality_number"),
                FieldPanel("county"),
                FieldPanel("region"),
                FieldPanel("year_joined"),
                # A short list: a select, not the snippet chooser's extra dialog.
                FieldPanel("kostra_group", widget=forms.Select),
                FieldPanel("adopted_standard"),
                FieldPanel("adopted_standard_source"),
            ],
            heading=_("Fakta"),
        ),
        FieldPanel("image"),
        FieldPanel("profile"),
        FieldPanel("goals"),
        InlinePanel("contacts", heading=_("Kontaktpersoner"), label=_("Kontaktperson")),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("profile"),
        index.SearchField("goals"),
        index.SearchField("municipality_number"),
        index.FilterField("county"),
        index.FilterField("region"),
        index.FilterField("year_joined"),
    ]

    api_fields = [
        APIField("intro"),
        APIField("municipality_number"),
        APIField("county"),
        APIField("region"),
        APIField("year_joined"),
    ]

    parent_page_types = ["portal.MunicipalityIndexPage"]
    # A municipality's own experiences, good practices and results (learning's page
    # types, named by label).
    subpage_types = [
        "learning.ExperienceArticlePage",
        "learning.GoodPracticePage",
        "learning.MunicipalityResultsPage",
    ]

    class Meta:
        verbose_name = _("programkommune")
        verbose_name_plural = _("programkommuner")

    def __str__(self):
        return self.title

    @property
    def own_municipality_id(self):
        return self.pk

    def own_municipality(self):
        return self

    def get_context(self, request, *args, **kwargs):
        from portal import registry

        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = self.contacts.select_related("person__photo")
        # A new municipality, previewed before it is saved, has nothing below it yet.
        context["sections"] = (
            registry.municipality_sections(request, self) if self.pk else []
        )
        return context


class MunicipalityContact(Orderable):
    """A person the municipality's peers can contact about its programme work."""

    page = ParentalKey(
        MunicipalityPage, on_delete=models.CASCADE, related_name="contacts"
    )
    person = models.ForeignKey(
        "portal.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="municipality_contacts",
    )
    responsibility = models.CharField(
        _("ansvar"),
        max_length=160,
        blank=True,
        help_text=_("For eksempel «Programkoordinator» eller «Kontakt for bostøtte»."),
    )

    panels = [FieldPanel("person"), FieldPanel("responsibility")]

    class Meta(Orderable.Meta):
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")


class MunicipalityOutcome(Orderable):
    """A year's change for people: the programme's yardstick, not the number of activities."""

    page = ParentalKey(
        MunicipalityPage, on_delete=models.CASCADE, related_name="outcomes"
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    homeless_settled = models.PositiveIntegerField(
        _("bostedsløse bosatt"), null=True, blank=True, help_text=_("Antall personer.")
    )
    temporary_to_permanent = models.PositiveIntegerField(
        _("fra midlertidig til varig bolig"),
        null=True,
        blank=True,
        help_text=_("Antall husstander."),
    )
    new_rental_homes = models.PositiveIntegerField(
        _("nye kommunale utleieboliger"), null=True, blank=True
    )

    panels = [
        FieldPanel("year"),
        FieldPanel("homeless_settled"),
        FieldPanel("temporary_to_permanent"),
        FieldPanel("new_rental_homes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("resultat")
        verbose_name_plural = _("resultater")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "year"], name="one_outcome_per_year"
            )
        ]
