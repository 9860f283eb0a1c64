"""The rates the housing-economics calculator computes with, maintained by editors.

A rate set holds every figure the rules need (the grant per m² by municipality group,
the loan share cap, the bostøtte parameters) with the date it applies from and where it
comes from. The calculator uses the newest set in force on the day, names it, and warns
when it is more than a year old.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from learning import housing_economics
from portal.municipalities_no import MUNICIPALITIES

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def municipality_numbers(text):
    """The four-digit municipality numbers in a text, in order, without repeats."""
    numbers = []
    for number in text.replace(",", " ").split():
        if number not in numbers:
            numbers.append(number)
    return numbers


def validate_municipality_numbers(text):
    known = {number for number, _name, _county in MUNICIPALITIES}
    unknown = [number for number in municipality_numbers(text) if number not in known]
    if unknown:
        raise ValidationError(
            gettext(
                "Ukjente kommunenumre: %(numbers)s. Bruk firesifrede numre fra SSB, "
                "skilt med komma eller mellomrom."
            ),
            params={"numbers": ", ".join(unknown)},
        )


def older_than_a_year(day, today):
    """Whether figures from ``day`` are old enough for readers to be warned: the
    calculator's rates and the SSB tables beside the programme's results."""
    return day < today - datetime.timedelta(days=365)


class HousingRatesQuerySet(models.QuerySet):
    def in_force(self, on):
        """The newest rate set valid on the day, or None."""
        return (
            self.filter(valid_from__lte=on)
            .order_by("-valid_from")
            .prefetch_related("grant_groups", "cost_ceilings", "ceiling_supplements")
            .first()
        )

    def named(self, rates_id):
        """The rate set a shared link names by its id, or None for an id that is not
        one (a garbled link, a deleted set)."""
        rates_id = str(rates_id or "").strip()
        if not (rates_id.isascii() and rates_id.isdigit() and len(rates_id) <= 9):
            return None
        return (
            self.filter(pk=int(rates_id))
            .prefetch_related("grant_groups", "cost_ceilings", "ceiling_supplements")
            .first()
        )


class HousingRates(ClusterableModel):
    """One set of the rates of the grant, the loan and bostøtte, from a given date."""

    valid_from = models.DateField(
        _("gjelder fra"),
        unique=True,
        help_text=_(
            "Datoen satsene gjelder fra. Kalkulatoren bruker det nyeste settet "
            "som gjelder i dag."
        ),
    )
    source = models.CharField(
        _("kilde"),
        max_length=255,
        help_text=_(
            "Hvor satsene kommer fra, for eksempel «Husbanken: Satser for "
            "tilskudd til utleieboliger 2023»."
        ),
    )
    source_url = models.URLField(_("lenke til kilden"), blank=True)
    grant_max_area = models.DecimalField(
        _("største areal med tilskudd (m²)"),
        max_digits=6,
        decimal_places=1,
        default=Decimal(80),
        validators=[MinValueValidator(Decimal(1))],
        help_text=_(
            "Tilskuddet regnes for høyst så mange kvadratmeter P-ROM per bolig."
        ),
    )
    write_down_years = models.PositiveSmallIntegerField(
        _("nedskrivingstid (år)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Tilskuddet nedskrives med en like stor del hvert år over så mange år."
        ),
    )
    loan_share_cap = models.DecimalField(
        _("største lånedel (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(85),
        validators=PERCENT,
        help_text=_("Hvor stor del av prosjektkostnaden Husbanken høyst låner ut."),
    )
    default_interest_rate = models.DecimalField(
        _("rente som foreslås (%)"),
        max_digits=5,
        decimal_places=3,
        validators=PERCENT,
        help_text=_(
            "Husbankens flytende rente da satsene ble lagt inn. Brukeren kan endre den."
        ),
    )
    allowance_share = models.DecimalField(
        _("bostøtteandel (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("73.7"),
        validators=PERCENT,
        help_text=_(
            "Bostøtten dekker denne delen av boutgiftene opp til taket, minus "
            "husstandens egenandel."
        ),
    )
    own_share_minimum = models.PositiveIntegerField(
        _("minste egenandel (kr i året)"),
        help_text=_("Egenandelen husstanden alltid betaler selv."),
    )
    own_share_threshold = models.PositiveIntegerField(
        _("inntektsgrense for egenandel (kr i året)"),
        help_text=_("Av inntekt over denne grensen øker egenandelen."),
    )
    own_share_rate = models.DecimalField(
        _("egenandel av inntekt over grensen (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
    )

    objects = HousingRatesQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("valid_from"), FieldPanel("source"), FieldPanel("source_url")],
            heading=_("Gyldighet og kilde"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("grant_max_area"), FieldPanel("write_down_years")]
                ),
                InlinePanel(
                    "grant_groups",
                    heading=_("Tilskudd per m² etter kommunegruppe"),
                    min_num=1,
                ),
            ],
            heading=_("Tilskudd til utleieboliger"),
        ),
        MultiFieldPanel(
            [FieldPanel("loan_share_cap"), FieldPanel("default_interest_rate")],
            heading=_("Lån fra Husbanken"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("allowance_share"),
                FieldRowPanel(
                    [
                        FieldPanel("own_share_minimum"),
                        FieldPanel("own_share_threshold"),
                        FieldPanel("own_share_rate"),
                    ]
                ),
                InlinePanel(
                    "cost_ceilings",
                    heading=_("Boutgiftstak etter husstandsstørrelse"),
                    min_num=1,
                ),
                InlinePanel(
                    "ceiling_supplements",
                    heading=_("Tillegg til taket i enkelte kommuner"),
                ),
            ],
            heading=_("Bostøtte"),
        ),
    ]

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("satser for kalkulatoren")
        verbose_name_plural = _("satser for kalkulatoren")

    def __str__(self):
        return gettext("Satser fra %(date)s") % {"date": f"{self.valid_from:%d.%m.%Y}"}

    def is_older_than_a_year(self, today):
        return older_than_a_year(self.valid_from, today)

    def grant_group(self, municipality_number):
        """The grant group of a municipality: the one naming it, else the default."""
        groups = list(self.grant_groups.all())
        for group in groups:
            if municipality_number in municipality_numbers(group.municipalities):
                return group
        return next(
            (group for group in groups if not group.municipalities.strip()), None
        )

    def cost_ceiling(self, household_size, municipality_number):
        """The yearly housing-cost ceiling of a household, with any supplement."""
        ceilings = sorted(self.cost_ceilings.all(), key=lambda c: c.household_size)
        fitting = [c for c in ceilings if c.household_size <= household_size]
        ceiling = (fitting or ceilings)[-1].ceiling if ceilings else 0
        supplement = sum(
            s.supplement
            for s in self.ceiling_supplements.all()
            if municipality_number in municipality_numbers(s.municipalities)
        )
        return Decimal(ceiling + supplement)

    def for_computation(self, municipality_number, household_size):
        """The rates as the computation takes them, resolved for one case."""
        group = self.grant_group(municipality_number)
        return housing_economics.Rates(
            grant_per_m2=Decimal(group.grant_per_m2 if group else 0),
            grant_max_area=self.grant_max_area,
            write_down_years=self.write_down_years,
            loan_share_cap=self.loan_share_cap / 100,
            allowance_share=self.allowance_share / 100,
            cost_ceiling=self.cost_ceiling(household_size, municipality_number),
            own_share_minimum=Decimal(self.own_share_minimum),
            own_share_threshold=Decimal(self.own_share_threshold),
            own_share_rate=self.own_share_rate / 100,
        )


class GrantRateGroup(Orderable):
    """The grant per m² for a group of municipalities (since 2018 a fixed rate)."""

    rates = ParentalKey(
        HousingRates, on_delete=models.CASCADE, related_name="grant_groups"
    )
    name = models.CharField(_("kommunegruppe"), max_length=100)
    grant_per_m2 = models.PositiveIntegerField(_("tilskudd per m² (kr)"))
    municipalities = models.TextField(
        _("kommunenumre"),
        blank=True,
        validators=[validate_municipality_numbers],
        help_text=_(
            "Firesifrede kommunenumre, skilt med komma. La feltet stå tomt for "
            "gruppen «øvrige kommuner», som gjelder alle andre."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("grant_per_m2"),
        FieldPanel("municipalities"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("kommunegruppe")
        verbose_name_plural = _("kommunegrupper")


class HousingCostCeiling(Orderable):
    """Bostøtte's yearly ceiling on housing costs for a household of a given size."""

    rates = ParentalKey(
        HousingRates, on_delete=models.CASCADE, related_name="cost_ceilings"
    )
    household_size = models.PositiveSmallIntegerField(
        _("personer i husstanden"),
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Det største tallet gjelder også for større husstander."),
    )
    ceiling = models.PositiveIntegerField(_("boutgiftstak (kr i året)"))

    panels = [FieldPanel("household_size"), FieldPanel("ceiling")]

    class Meta(Orderable.Meta):
        verbose_name = _("boutgiftstak")
        verbose_name_plural = _("boutgiftstak")


class CeilingSupplement(Orderable):
    """A higher ceiling in some municipalities (the largest cities)."""

    rates = ParentalKey(
        HousingRates, on_delete=models.CASCADE, related_name="ceiling_supplements"
    )
    name = models.CharField(_("kommunegruppe"), max_length=100)
    supplement = models.PositiveIntegerField(_("tillegg til taket (kr i året)"))
    municipalities = models.TextField(
        _("kommunenumre"),
        validators=[validate_municipality_numbers],
        help_text=_("Firesifrede kommunenumre, skilt med komma."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("supplement"),
        FieldPanel("municipalities"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("tillegg til boutgiftstaket")
        verbose_name_plural = _("tillegg til boutgiftstaket")
