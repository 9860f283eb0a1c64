"""A scenario's result: the inputs of a query string, computed on a rate set.

``scenario(query, today)`` turns a query string into a result (or the form's errors,
in the active language), used by the calculator page, its JSON and the StreamField
block that shows a scenario's key figures in an article. The computation itself is
``learning.housing_economics``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from learning import housing_economics
from portal.municipalities_no import MUNICIPALITIES

from .forms import CalculatorForm, defaults
from .models import HousingRates

# The query parameter naming the rate set a scenario was computed with, so that a
# shared link gives the same result after Husbanken's editors add newer rates.
RATES_PARAMETER = "satser"


@dataclass
class Scenario:
    form: CalculatorForm
    rates: HousingRates | None
    result: housing_economics.Result | None = None
    computation_rates: housing_economics.Rates | None = None
    # The rates in force today, when the link named an older set.
    newer_rates: HousingRates | None = None
    # Why the rate set the link named was not used, in the active language.
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
    and a notice in the active language when the named set does not exist."""
    current = HousingRates.objects.in_force(today)
    asked = query.get(RATES_PARAMETER) if query else None
    if not asked:
        return current, None, ""
    named = HousingRates.objects.named(asked)
    if named is None:
        notice = _("Lenken viser til satser som ikke finnes.")
        if current is not None:
            notice += " " + _(
                "Beregningen bruker derfor dagens satser, fra %(date)s."
            ) % {"date": date_format(current.valid_from, "j. F Y")}
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
        form.add_error(
            None, _("Tallene henger ikke sammen. Sjekk feltene og prøv igjen.")
        )
    return found
