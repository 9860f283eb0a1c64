"""The calculator's form: every input of a scenario, with its default and the messages
for what it refuses (in bokmål and nynorsk).

A GET form, so a scenario is its inputs in a query string and works without
JavaScript; ``learning.calculator.scenarios`` computes it.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from learning import housing_economics
from portal.municipalities_no import MUNICIPALITIES

PROJECT_TYPES = [
    ("nybygg", _("Nybygg")),
    ("kjop", _("Kjøp")),
    ("utbedring", _("Utbedring")),
]
REPAYMENTS = [
    (housing_economics.ANNUITY, _("Annuitetslån (like terminbeløp)")),
    (housing_economics.SERIAL, _("Serielån (like avdrag)")),
]
FIXED_PERIODS = [
    ("0", _("Flytende rente")),
    ("3", _("Fast rente i 3 år")),
    ("5", _("Fast rente i 5 år")),
    ("10", _("Fast rente i 10 år")),
    ("20", _("Fast rente i 20 år")),
]
PAYMENTS = [
    ("12", _("Månedlig (12)")),
    ("4", _("Kvartalsvis (4)")),
    ("2", _("Halvårlig (2)")),
    ("1", _("Årlig (1)")),
]
DEFAULT_MUNICIPALITY = "1149"  # Karmøy
_NORWEGIAN_ORDER = str.maketrans(
    {"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"}
)


def municipality_choices():
    """Every municipality, in Norwegian alphabetical order; a shared name gets its
    county («Herøy (Nordland)»)."""
    names = [name for _number, name, _county in MUNICIPALITIES]
    choices = [
        (number, f"{name} ({county.label})" if names.count(name) > 1 else name)
        for number, name, county in MUNICIPALITIES
    ]
    return sorted(
        choices, key=lambda choice: choice[1].lower().translate(_NORWEGIAN_ORDER)
    )


# The form's parts, in order: (legend, field names).
FIELDSETS = [
    (_("Prosjektet"), ["project_type", "municipality", "homes", "area_per_home"]),
    (_("Finansiering"), ["project_cost", "own_funds", "loan_share"]),
    (
        _("Lånet"),
        ["interest_rate", "fixed_period", "years", "repayment", "payments_per_year"],
    ),
    (
        _("Husleie og kostnader"),
        ["rent_per_month", "vacancy", "management", "operation", "maintenance"],
    ),
    (_("Leietakeren"), ["household_size", "household_income"]),
]


class MoneyField(forms.IntegerField):
    """Whole kroner; spaces, «kr» and «,-» as people write amounts are allowed."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.lower().replace("kr", "").replace(",-", "").replace(".-", "")
            value = "".join(value.split())
        return super().to_python(value)


def _money(label, help_text, maximum=10_000_000_000, minimum=0):
    return MoneyField(
        label=label,
        help_text=help_text,
        min_value=minimum,
        max_value=maximum,
        error_messages={
            "invalid": _("Skriv et helt beløp i kroner, for eksempel 2 500 000."),
            "min_value": _("Beløpet kan ikke være negativt.")
            if minimum == 0
            else _("Beløpet må være minst %(limit_value)s kr."),
            "max_value": _("Beløpet er urimelig stort. Sjekk tallet."),
            "required": _("Fyll inn et beløp."),
        },
    )


def _number(label, help_text, minimum, maximum, decimals=1, **kwargs):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=Decimal(minimum),
        max_value=Decimal(maximum),
        max_digits=12,
        decimal_places=decimals,
        localize=True,
        error_messages={
            "invalid": _("Skriv et tall, for eksempel 4,5."),
            "min_value": _("Tallet kan ikke være mindre enn %(limit_value)s."),
            "max_value": _("Tallet kan ikke være større enn %(limit_value)s."),
            "max_decimal_places": _("Bruk høyst %(max)s desimaler."),
            "max_digits": _("Tallet er for langt."),
            "required": _("Fyll inn et tall."),
        },
        **kwargs,
    )


def _choice(label, choices, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        help_text=help_text,
        error_messages={"invalid_choice": _("Velg et av alternativene i listen.")},
    )


class CalculatorForm(forms.Form):
    """Every input of a scenario, with its default; a GET form that works without JS."""

    project_type = _choice(_("Prosjekt"), PROJECT_TYPES)
    municipality = _choice(
        _("Kommune"),
        municipality_choices(),
        _(
            "Kommunen bestemmer satsen for tilskudd per m² og om bostøttetaket "
            "har tillegg."
        ),
    )
    homes = forms.IntegerField(
        label=_("Antall boliger"),
        min_value=1,
        max_value=10_000,
        error_messages={
            "invalid": _("Skriv et helt antall boliger."),
            "min_value": _("Prosjektet må ha minst én bolig."),
            "max_value": _("Høyst 10 000 boliger i ett prosjekt."),
            "required": _("Fyll inn antall boliger."),
        },
    )
    area_per_home = _number(
        _("Areal per bolig (m² P-ROM)"),
        _("Bruksareal for primærrom. Tilskuddet regnes for høyst 80 m² per bolig."),
        1,
        1000,
    )
    project_cost = _money(
        _("Godkjent prosjektkostnad (kr)"),
        _("Hele kostnaden for alle boligene, slik Husbanken godkjenner den."),
        minimum=1,
    )
    own_funds = _money(
        _("Egenkapital (kr)"), _("Det kommunen betaler selv, utenom tilskudd og lån.")
    )
    loan_share = _number(
        _("Lånedel (% av kostnaden)"),
        _(
            "Hvor stor del av prosjektkostnaden kommunen vil låne. Husbanken låner "
            "ut høyst 85 %."
        ),
        0,
        100,
    )
    interest_rate = _number(
        _("Rente (% i året)"),
        _("Nominell rente. Se Husbankens gjeldende renter."),
        0,
        30,
        3,
    )
    fixed_period = _choice(_("Rentetype"), FIXED_PERIODS)
    years = forms.IntegerField(
        label=_("Nedbetalingstid (år)"),
        help_text=_("Høyst 50 år."),
        min_value=1,
        max_value=50,
        error_messages={
            "invalid": _("Skriv et helt antall år."),
            "min_value": _("Nedbetalingstiden må være minst 1 år."),
            "max_value": _("Nedbetalingstiden kan være høyst 50 år."),
            "required": _("Fyll inn nedbetalingstiden."),
        },
    )
    repayment = _choice(_("Lånetype"), REPAYMENTS)
    payments_per_year = _choice(_("Terminer i året"), PAYMENTS)
    rent_per_month = _money(
        _("Husleie per bolig (kr i måneden)"), _("Husleien kommunen vil ta."), 1_000_000
    )
    vacancy = _number(
        _("Tomgang (% av husleien)"),
        _("Husleie som går tapt fordi boliger står tomme mellom leietakere."),
        0,
        99,
    )
    management = _money(
        _("Forvaltning per bolig (kr i året)"),
        _("Utleie, kontrakter og oppfølging."),
        10_000_000,
    )
    operation = _money(
        _("Drift per bolig (kr i året)"),
        _("Kommunale avgifter, forsikring, strøm i fellesareal."),
        10_000_000,
    )
    maintenance = _money(
        _("Vedlikehold per bolig (kr i året)"),
        _("Løpende vedlikehold og avsetning."),
        10_000_000,
    )
    household_size = forms.IntegerField(
        label=_("Personer i husstanden"),
        help_text=_("En typisk leietakerhusstand, for å regne bostøtte."),
        min_value=1,
        max_value=20,
        error_messages={
            "invalid": _("Skriv et helt antall personer."),
            "min_value": _("Husstanden må ha minst én person."),
            "max_value": _("Høyst 20 personer."),
            "required": _("Fyll inn antall personer."),
        },
    )
    household_income = _money(
        _("Husstandens inntekt (kr i året)"),
        _("Samlet brutto inntekt for husstanden."),
        100_000_000,
    )

    def clean(self):
        data = super().clean()
        cost, own = data.get("project_cost"), data.get("own_funds")
        if cost is not None and own is not None and own > cost:
            self.add_error(
                "own_funds",
                _("Egenkapitalen kan ikke være større enn prosjektkostnaden."),
            )
        return data

    def inputs(self):
        data = self.cleaned_data
        return housing_economics.Inputs(
            homes=data["homes"],
            area_per_home=data["area_per_home"],
            project_cost=Decimal(data["project_cost"]),
            own_funds=Decimal(data["own_funds"]),
            loan_share=data["loan_share"] / 100,
            interest_rate=data["interest_rate"],
            years=data["years"],
            repayment=data["repayment"],
            payments_per_year=int(data["payments_per_year"]),
            rent_per_month=Decimal(data["rent_per_month"]),
            vacancy=data["vacancy"] / 100,
            yearly_costs_per_home=Decimal(
                data["management"] + data["operation"] + data["maintenance"]
            ),
            household_income=Decimal(data["household_income"]),
        )


def defaults(rates):
    """The example project a first visit shows, with the rates' suggested interest."""
    return {
        "project_type": "nybygg",
        "municipality": DEFAULT_MUNICIPALITY,
        "homes": 10,
        "area_per_home": Decimal(55),
        "project_cost": 40_000_000,
        "own_funds": 2_000_000,
        "loan_share": (rates.loan_share_cap if rates else Decimal(85)).normalize(),
        "interest_rate": (
            rates.default_interest_rate if rates else Decimal(5)
        ).normalize(),
        "fixed_period": "0",
        "years": 50,
        "repayment": housing_economics.ANNUITY,
        "payments_per_year": "12",
        "rent_per_month": 14_000,
        "vacancy": Decimal(3),
        "management": 8_000,
        "operation": 12_000,
        "maintenance": 15_000,
        "household_size": 2,
        "household_income": 280_000,
    }
