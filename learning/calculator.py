"""The calculator on the web: its form, a scenario's result, the rates it used.

A scenario is its inputs in a query string. ``scenario(query, today)`` turns one into
a result (or the form's bokmål errors), used by the calculator page, its JSON and the
StreamField block that shows a scenario's key figures in an article. The computation
itself is ``learning.housing_economics``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.http import QueryDict
from django.utils.formats import date_format

from learning import housing_economics
from learning.models import HousingRates
from portal.municipalities_no import MUNICIPALITIES

PROJECT_TYPES = [
    ("nybygg", "Nybygg"),
    ("kjop", "Kjøp"),
    ("utbedring", "Utbedring"),
]
REPAYMENTS = [
    (housing_economics.ANNUITY, "Annuitetslån (like terminbeløp)"),
    (housing_economics.SERIAL, "Serielån (like avdrag)"),
]
FIXED_PERIODS = [
    ("0", "Flytende rente"),
    ("3", "Fast rente i 3 år"),
    ("5", "Fast rente i 5 år"),
    ("10", "Fast rente i 10 år"),
    ("20", "Fast rente i 20 år"),
]
PAYMENTS = [
    ("12", "Månedlig (12)"),
    ("4", "Kvartalsvis (4)"),
    ("2", "Halvårlig (2)"),
    ("1", "Årlig (1)"),
]
DEFAULT_MUNICIPALITY = "1149"  # Karmøy
# The query parameter naming the rate set a scenario was computed with, so that a
# shared link gives the same result after Husbanken's editors add newer rates.
RATES_PARAMETER = "satser"
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
    ("Prosjektet", ["project_type", "municipality", "homes", "area_per_home"]),
    ("Finansiering", ["project_cost", "own_funds", "loan_share"]),
    (
        "Lånet",
        ["interest_rate", "fixed_period", "years", "repayment", "payments_per_year"],
    ),
    (
        "Husleie og kostnader",
        ["rent_per_month", "vacancy", "management", "operation", "maintenance"],
    ),
    ("Leietakeren", ["household_size", "household_income"]),
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
            "invalid": "Skriv et helt beløp i kroner, for eksempel 2 500 000.",
            "min_value": "Beløpet kan ikke være negativt."
            if minimum == 0
            else f"Beløpet må være minst {minimum} kr.",
            "max_value": "Beløpet er urimelig stort. Sjekk tallet.",
            "required": "Fyll inn et beløp.",
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
            "invalid": "Skriv et tall, for eksempel 4,5.",
            "min_value": f"Tallet kan ikke være mindre enn {minimum}.",
            "max_value": f"Tallet kan ikke være større enn {maximum}.",
            "max_decimal_places": f"Bruk høyst {decimals} desimaler.",
            "max_digits": "Tallet er for langt.",
            "required": "Fyll inn et tall.",
        },
        **kwargs,
    )


def _choice(label, choices, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        help_text=help_text,
        error_messages={"invalid_choice": "Velg et av alternativene i listen."},
    )


class CalculatorForm(forms.Form):
    """Every input of a scenario, with its default; a GET form that works without JS."""

    project_type = _choice("Prosjekt", PROJECT_TYPES)
    municipality = _choice(
        "Kommune",
        municipality_choices(),
        "Kommunen bestemmer satsen for tilskudd per m² og om bostøttetaket har tillegg.",
    )
    homes = forms.IntegerField(
        label="Antall boliger",
        min_value=1,
        max_value=10_000,
        error_messages={
            "invalid": "Skriv et helt antall boliger.",
            "min_value": "Prosjektet må ha minst én bolig.",
            "max_value": "Høyst 10 000 boliger i ett prosjekt.",
            "required": "Fyll inn antall boliger.",
        },
    )
    area_per_home = _number(
        "Areal per bolig (m² P-ROM)",
        "Bruksareal for primærrom. Tilskuddet regnes for høyst 80 m² per bolig.",
        1,
        1000,
    )
    project_cost = _money(
        "Godkjent prosjektkostnad (kr)",
        "Hele kostnaden for alle boligene, slik Husbanken godkjenner den.",
        minimum=1,
    )
    own_funds = _money(
        "Egenkapital (kr)", "Det kommunen betaler selv, utenom tilskudd og lån."
    )
    loan_share = _number(
        "Lånedel (% av kostnaden)",
        "Hvor stor del av prosjektkostnaden kommunen vil låne. Husbanken låner ut "
        "høyst 85 %.",
        0,
        100,
    )
    interest_rate = _number(
        "Rente (% i året)", "Nominell rente. Se Husbankens gjeldende renter.", 0, 30, 3
    )
    fixed_period = _choice("Rentetype", FIXED_PERIODS)
    years = forms.IntegerField(
        label="Nedbetalingstid (år)",
        help_text="Høyst 50 år.",
        min_value=1,
        max_value=50,
        error_messages={
            "invalid": "Skriv et helt antall år.",
            "min_value": "Nedbetalingstiden må være minst 1 år.",
            "max_value": "Nedbetalingstiden kan være høyst 50 år.",
            "required": "Fyll inn nedbetalingstiden.",
        },
    )
    repayment = _choice("Lånetype", REPAYMENTS)
    payments_per_year = _choice("Terminer i året", PAYMENTS)
    rent_per_month = _money(
        "Husleie per bolig (kr i måneden)", "Husleien kommunen vil ta.", 1_000_000
    )
    vacancy = _number(
        "Tomgang (% av husleien)",
        "Husleie som går tapt fordi boliger står tomme mellom leietakere.",
        0,
        99,
    )
    management = _money(
        "Forvaltning per bolig (kr i året)",
        "Utleie, kontrakter og oppfølging.",
        10_000_000,
    )
    operation = _money(
        "Drift per bolig (kr i året)",
        "Kommunale avgifter, forsikring, strøm i fellesareal.",
        10_000_000,
    )
    maintenance = _money(
        "Vedlikehold per bolig (kr i året)",
        "Løpende vedlikehold og avsetning.",
        10_000_000,
    )
    household_size = forms.IntegerField(
        label="Personer i husstanden",
        help_text="En typisk leietakerhusstand, for å regne bostøtte.",
        min_value=1,
        max_value=20,
        error_messages={
            "invalid": "Skriv et helt antall personer.",
            "min_value": "Husstanden må ha minst én person.",
            "max_value": "Høyst 20 personer.",
            "required": "Fyll inn antall personer.",
        },
    )
    household_income = _money(
        "Husstandens inntekt (kr i året)",
        "Samlet brutto inntekt for husstanden.",
        100_000_000,
    )

    def clean(self):
        data = super().clean()
        cost, own = data.get("project_cost"), data.get("own_funds")
        if cost is not None and own is not None and own > cost:
            self.add_error(
                "own_funds", "Egenkapitalen kan ikke være større enn prosjektkostnaden."
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


@dataclass
class Scenario:
    form: CalculatorForm
    rates: HousingRates | None
    result: housing_economics.Result | None = None
    computation_rates: housing_economics.Rates | None = None
    # The rates in force today, when the link named an older set.
    newer_rates: HousingRates | None = None
    # Why the rate set the link named was not used, in bokmål.
    rates_notice: str = ""

    @property
    def municipality_name(self):
        number = self.form.cleaned_data.get("municipality")
        return next((name for n, name, _c in MUNICIPALITIES if n == number), "")

    @property
    def grant_group(self):
        return self.rates.grant_group(self.form.cleaned_data["municipality"])

    def query(self):
        """The scenario as a query string: its link, naming the rate set it used."""
        query = self._inputs_query()
        if self.rates is not None:
            query[RATES_PARAMETER] = self.rates.pk
        return query.urlencode()

    def current_query(self):
        """The same inputs without a rate set: computed with the rates of the day."""
        return self._inputs_query().urlencode()

    def _inputs_query(self):
        query = QueryDict(mutable=True)
        for name in self.form.fields:
            value = self.form.cleaned_data.get(name)
            if isinstance(value, Decimal):
                value = f"{value.normalize():f}".replace(".", ",")
            query[name] = value
        return query

    @property
    def loan_cap_binds(self):
        """Whether Husbanken's loan cap, not the share asked for, limits the loan."""
        if self.result is None:
            return False
        return housing_economics.loan_cap_binds(
            self.form.inputs(), self.computation_rates, self.result.grant_amount
        )

    @property
    def loan_share_above_cap(self):
        share = self.form.cleaned_data.get("loan_share")
        return share is not None and share > self.rates.loan_share_cap

    def as_dict(self, today):
        """The JSON of the result: inputs, rates, and the computation's figures.

        As the page does, it says when the rates may be stale: ``newer_rates`` names
        the set in force ``today`` when the link named an older one, and
        ``older_than_a_year`` is true when the set used is more than a year old.
        """
        data = self.form.cleaned_data
        rates = self.rates
        group = self.grant_group
        newer = self.newer_rates
        return {
            "inputs": {
                name: (float(value) if isinstance(value, Decimal) else value)
                for name, value in data.items()
            },
            "rates": {
                "id": rates.pk,
                "valid_from": rates.valid_from.isoformat(),
                "source": rates.source,
                "grant_group": group.name if group else None,
                "grant_per_m2": group.grant_per_m2 if group else 0,
                "grant_max_area": float(rates.grant_max_area),
                "write_down_years": rates.write_down_years,
                "loan_share_cap": float(rates.loan_share_cap),
                "allowance_share": float(rates.allowance_share),
                "cost_ceiling": int(self.computation_rates.cost_ceiling),
                "own_share_minimum": rates.own_share_minimum,
                "own_share_threshold": rates.own_share_threshold,
                "own_share_rate": float(rates.own_share_rate),
                "older_than_a_year": rates.is_older_than_a_year(today),
                "newer_rates": (
                    {"id": newer.pk, "valid_from": newer.valid_from.isoformat()}
                    if newer
                    else None
                ),
            },
            **housing_economics.as_dict(
                self.form.inputs(), self.computation_rates, self.result
            ),
        }


def chosen_rates(query, today):
    """(rates, newer rates, notice): the rate set the query names, else the one in
    force on ``today``; the rates in force when they are newer than the named set;
    and a bokmål notice when the named set does not exist."""
    current = HousingRates.objects.in_force(today)
    asked = query.get(RATES_PARAMETER) if query else None
    if not asked:
        return current, None, ""
    named = HousingRates.objects.named(asked)
    if named is None:
        notice = "Lenken viser til satser som ikke finnes."
        if current is not None:
            notice += (
                f" Beregningen bruker derfor dagens satser, fra "
                f"{date_format(current.valid_from, 'j. F Y')}."
            )
        return current, None, notice
    newer = current if current and current.valid_from > named.valid_from else None
    return named, newer, ""


def scenario(query, today):
    """The scenario a query string asks for, on the rate set it names (``satser``)
    or else the rates in force on ``today``.

    An empty query is the example project. The result is None when the form has
    errors or there are no rates yet.
    """
    rates, newer_rates, rates_notice = chosen_rates(query, today)
    data = query.copy() if query else None
    if data is not None:
        for name, value in defaults(rates).items():
            data.setdefault(name, value)
        data = {name: data.get(name) for name in CalculatorForm.base_fields}
    else:
        data = defaults(rates)
    form = CalculatorForm(data)
    found = Scenario(
        form=form, rates=rates, newer_rates=newer_rates, rates_notice=rates_notice
    )
    if rates is None or not form.is_valid():
        return found
    found.computation_rates = rates.for_computation(
        form.cleaned_data["municipality"], form.cleaned_data["household_size"]
    )
    try:
        found.result = housing_economics.compute(form.inputs(), found.computation_rates)
    except ValueError:
        form.add_error(None, "Tallene henger ikke sammen. Sjekk feltene og prøv igjen.")
    return found
