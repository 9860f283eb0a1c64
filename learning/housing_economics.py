"""The economics of a municipal rental-housing project financed through Husbanken.

A municipality building rental homes ("kommunale utleieboliger") can get Husbanken's
grant ("tilskudd til utleieboliger") and finance the rest with a Husbanken loan and its
own funds. This module computes, from a project's inputs and the rates that apply to
the municipality, what the project costs the municipality year by year and what the
rent means for a tenant who receives the state housing allowance ("bostøtte").

The functions are pure: they take :class:`Inputs` and :class:`Rates` (the caller
resolves the rates, e.g. the grant per m² for the municipality's grant group and the
household's cost ceiling) and return plain values. All money is ``decimal.Decimal``;
it is rounded to whole kroner (``ROUND_HALF_UP``) only where an amount leaves a
calculation as a result.

The rules:

* **Grant.** ``homes × min(area_per_home, grant_max_area) × grant_per_m2``, never more
  than the project cost, rounded to whole kroner. The grant is written down by
  ``1/write_down_years`` a year; its written-down value at the end of year *y* is
  ``grant × max(0, 1 − y/write_down_years)``.
* **Loan.** The loan share asked for is capped by Husbanken's cap (85 %), and the loan
  never covers more than what is left after grant and own funds::

      loan = min(cost × min(loan_share, loan_share_cap), cost − grant − own_funds)

  never below 0, rounded to whole kroner (it is an amount paid out, and the schedule
  must repay it exactly). What neither grant, own funds nor loan covers is reported as
  ``unfinanced`` so the page can warn.
* **Schedule.** The nominal yearly rate is split evenly over the payments in a year
  (``r = rate/100/payments_per_year``) over ``n = years × payments_per_year`` periods.
  An annuity pays ``P·r/(1−(1+r)^−n)`` per period (``P/n`` at zero interest); a serial
  loan repays ``P/n`` per period plus interest on the outstanding balance. Periods are
  computed exactly and summed per year. Each year's interest is rounded to kroner;
  each year-end balance is the exact balance rounded to kroner, the last one 0, and a
  year's repayment is the fall in the rounded balance. The repayments therefore add up
  to exactly the principal and every rounding difference is absorbed (the last year's
  repayment is whatever rounded balance remains); no balance is more than half a krone
  from the exact one.
* **Cost-covering rent.** The monthly rent per home that covers the first year's
  interest and repayment plus the yearly costs of all homes, given the vacancy::

      (interest₁ + repayment₁ + homes × yearly_costs_per_home)
          / (homes × 12 × (1 − vacancy))

* **Yearly result.** For years 1 to ``max(loan years, write_down_years)``: rent income
  ``rent_per_month × 12 × homes × (1 − vacancy)`` less interest, repayment and yearly
  costs. After the loan ends interest, repayment and balance are 0.
* **Housing allowance (bostøtte).** Yearly
  ``max(0, allowance_share × (min(costs, cost_ceiling) − own_share))``, where
  ``own_share = own_share_minimum + own_share_rate × max(0, income − threshold)``. For
  the tenant the housing costs are the rent for a year (``rent_per_month × 12``); the
  monthly allowance is the yearly one divided by 12.

:func:`compute` validates its inputs and raises ``ValueError`` with an English message
for impossible ones; the web form is expected to give friendlier messages first.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

ANNUITY = "annuity"
SERIAL = "serial"
REPAYMENT_KINDS = (ANNUITY, SERIAL)
PAYMENTS_PER_YEAR = (1, 2, 4, 12)
MIN_YEARS = 1
MAX_YEARS = 50
MAX_INTEREST_RATE = Decimal(30)

# Working precision for the period-by-period arithmetic: far beyond any krone amount.
_PRECISION = 50
_ZERO = Decimal(0)
_ONE = Decimal(1)
_MONTHS = 12


@dataclass(frozen=True)
class Rates:
    grant_per_m2: Decimal  # kroner per m² for the municipality's grant group
    grant_max_area: Decimal  # m² per home counted at most (80)
    write_down_years: int  # grant written down 1/N per year (30)
    loan_share_cap: Decimal  # max loan share of project cost, as a fraction (0.85)
    allowance_share: Decimal  # bostøtte share of eligible costs, fraction (0.737)
    cost_ceiling: Decimal  # household's yearly housing-cost ceiling
    own_share_minimum: Decimal  # yearly minimum own share
    own_share_threshold: Decimal  # yearly income above which own share grows
    own_share_rate: Decimal  # fraction of income above the threshold added


@dataclass(frozen=True)
class Inputs:
    homes: int
    area_per_home: Decimal  # m² P-ROM
    project_cost: Decimal  # approved total project cost, kroner
    own_funds: Decimal  # kroner
    loan_share: Decimal  # fraction of project cost, e.g. Decimal("0.85")
    interest_rate: Decimal  # percent per year, e.g. Decimal("4.5")
    years: int  # loan term 1..50
    repayment: str  # "annuity" or "serial"
    payments_per_year: int  # 1, 2, 4 or 12
    rent_per_month: Decimal  # per home
    vacancy: Decimal  # fraction 0..1 of rent lost to vacancy
    yearly_costs_per_home: Decimal  # management + operation + maintenance
    household_income: Decimal  # tenant household's yearly income


@dataclass(frozen=True)
class YearRow:
    """One year of a loan schedule, in whole kroner."""

    year: int
    interest: Decimal
    repayment: Decimal
    balance: Decimal  # outstanding at the end of the year


@dataclass(frozen=True)
class YearResult:
    """One year of the project, in whole kroner."""

    year: int
    interest: Decimal
    repayment: Decimal
    balance: Decimal
    grant_written_down_value: Decimal  # at the end of the year
    net_result: Decimal


@dataclass(frozen=True)
class Tenant:
    """What the rent means for the tenant household, per month in whole kroner."""

    rent: Decimal
    housing_allowance: Decimal
    rent_after_allowance: Decimal


@dataclass(frozen=True)
class Result:
    grant_amount: Decimal
    grant_per_home: Decimal
    loan_amount: Decimal
    first_year_interest: Decimal
    first_year_repayment: Decimal
    total_interest: Decimal
    unfinanced: Decimal
    cost_covering_rent_per_month: Decimal
    yearly: tuple[YearResult, ...]
    tenant: Tenant


def kroner(value):
    """``value`` rounded to whole kroner, half away from zero (never ``-0``)."""
    rounded = Decimal(value).quantize(_ONE, rounding=ROUND_HALF_UP)
    return rounded if rounded else _ZERO


# Validation ----------------------------------------------------------------------


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value, name):
    """``value`` as a finite Decimal, or ValueError naming the field."""
    if _is_int(value):
        return Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"{name} must be a finite decimal number, not {value!r}.")
    return value


def _at_least(value, minimum, name):
    if _number(value, name) < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}.")


def _positive(value, name):
    if _number(value, name) <= 0:
        raise ValueError(f"{name} must be greater than 0, not {value}.")


def _fraction(value, name, *, below_one=False):
    value = _number(value, name)
    if value < 0 or value > 1 or (below_one and value == 1):
        upper = "below 1" if below_one else "at most 1"
        raise ValueError(f"{name} must be at least 0 and {upper}, not {value}.")


def _validate_loan_terms(interest_rate, years, payments_per_year, repayment):
    rate = _number(interest_rate, "interest_rate")
    if rate < 0 or rate > MAX_INTEREST_RATE:
        raise ValueError(
            f"interest_rate must be between 0 and {MAX_INTEREST_RATE} percent, "
            f"not {interest_rate}."
        )
    if not _is_int(years) or not MIN_YEARS <= years <= MAX_YEARS:
        raise ValueError(
            f"years must be a whole number from {MIN_YEARS} to {MAX_YEARS}, "
            f"not {years!r}."
        )
    if not _is_int(payments_per_year) or payments_per_year not in PAYMENTS_PER_YEAR:
        allowed = ", ".join(str(n) for n in PAYMENTS_PER_YEAR)
        raise ValueError(
            f"payments_per_year must be one of {allowed}, not {payments_per_year!r}."
        )
    if repayment not in REPAYMENT_KINDS:
        raise ValueError(f"repayment must be 'annuity' or 'serial', not {repayment!r}.")


def validate(inputs, rates):
    """Raise ValueError (English message) if ``inputs`` or ``rates`` are impossible."""
    if not _is_int(inputs.homes) or inputs.homes < 1:
        raise ValueError(
            f"homes must be a whole number of at least 1, not {inputs.homes!r}."
        )
    _positive(inputs.area_per_home, "area_per_home")
    _positive(inputs.project_cost, "project_cost")
    _at_least(inputs.own_funds, 0, "own_funds")
    _fraction(inputs.loan_share, "loan_share")
    _validate_loan_terms(
        inputs.interest_rate, inputs.years, inputs.payments_per_year, inputs.repayment
    )
    _at_least(inputs.rent_per_month, 0, "rent_per_month")
    _fraction(inputs.vacancy, "vacancy", below_one=True)
    _at_least(inputs.yearly_costs_per_home, 0, "yearly_costs_per_home")
    _at_least(inputs.household_income, 0, "household_income")

    _at_least(rates.grant_per_m2, 0, "grant_per_m2")
    _at_least(rates.grant_max_area, 0, "grant_max_area")
    if not _is_int(rates.write_down_years) or rates.write_down_years < 1:
        raise ValueError(
            "write_down_years must be a whole number of at least 1, "
            f"not {rates.write_down_years!r}."
        )
    _fraction(rates.loan_share_cap, "loan_share_cap")
    _fraction(rates.allowance_share, "allowance_share")
    _at_least(rates.cost_ceiling, 0, "cost_ceiling")
    _at_least(rates.own_share_minimum, 0, "own_share_minimum")
    _at_least(rates.own_share_threshold, 0, "own_share_threshold")
    _fraction(rates.own_share_rate, "own_share_rate")


# Financing -----------------------------------------------------------------------


def grant(inputs, rates):
    """Husbanken's grant for the project, in whole kroner (inputs assumed valid)."""
    counted_area = min(inputs.area_per_home, rates.grant_max_area)
    amount = inputs.homes * counted_area * rates.grant_per_m2
    return kroner(min(amount, inputs.project_cost))


def loan_amount(inputs, rates, grant_amount):
    """The Husbanken loan, in whole kroner: the share asked for within the cap, but no
    more than what grant and own funds leave uncovered, and never below 0."""
    share = min(inputs.loan_share, rates.loan_share_cap)
    rest = inputs.project_cost - grant_amount - inputs.own_funds
    return max(_ZERO, kroner(min(inputs.project_cost * share, rest)))


def loan_cap_binds(inputs, rates, grant_amount):
    """Whether Husbanken's cap is what limits the loan: the share asked for reaches
    the cap, and the capped loan is less than what grant and own funds leave.

    Then a larger loan share changes nothing; only more own funds (or a cheaper
    project) covers the rest.
    """
    rest = inputs.project_cost - grant_amount - inputs.own_funds
    return (
        inputs.loan_share >= rates.loan_share_cap
        and inputs.project_cost * rates.loan_share_cap < rest
    )


def unfinanced_amount(inputs, grant_amount, loan):
    """What grant, own funds and loan leave uncovered, in whole kroner, never below 0."""
    return max(
        _ZERO, kroner(inputs.project_cost - grant_amount - inputs.own_funds - loan)
    )


# Loan schedule -------------------------------------------------------------------


def _exact_years(principal, interest_rate, years, payments_per_year, repayment):
    """Per year: (exact interest paid, exact balance at the year's end)."""
    periods = years * payments_per_year
    interest_rate = Decimal(interest_rate)
    if repayment == SERIAL or interest_rate == 0:
        # P/n is repaid every period, so before period k (from 0) the balance is
        # P·(n − k)/n. Each amount is one division, so that an exact half krone stays
        # one instead of coming out a hair below after many repeating decimals.
        result = []
        for year in range(years):
            first = year * payments_per_year
            outstanding = sum(
                periods - k for k in range(first, first + payments_per_year)
            )
            interest = (
                interest_rate
                * principal
                * outstanding
                / (100 * payments_per_year * periods)
            )
            done = first + payments_per_year
            result.append((interest, principal * (periods - done) / periods))
        return result

    # An annuity pays a fixed amount each period, of which interest takes a
    # shrinking part.
    rate = interest_rate / 100 / payments_per_year
    payment = principal * rate / (_ONE - (_ONE + rate) ** -periods)
    balance = principal
    result = []
    for _year in range(years):
        interest_in_year = _ZERO
        for _period in range(payments_per_year):
            interest = balance * rate
            interest_in_year += interest
            balance -= payment - interest
        result.append((interest_in_year, balance))
    return result


def schedule(principal, interest_rate, years, payments_per_year, repayment):
    """The loan year by year: interest paid, repayment and balance at the year's end.

    ``principal`` is taken in whole kroner (rounded). The repayments add up to exactly
    the principal and the last balance is 0; each balance is the exact one rounded to
    kroner, and each year's repayment is the fall in that rounded balance.
    """
    principal = _number(principal, "principal")
    if principal < 0:
        raise ValueError(f"principal must be at least 0, not {principal}.")
    _validate_loan_terms(interest_rate, years, payments_per_year, repayment)
    principal = kroner(principal)
    rows = []
    with localcontext() as context:
        context.prec = _PRECISION
        exact = _exact_years(
            principal, interest_rate, years, payments_per_year, repayment
        )
        previous = principal
        for year, (interest, balance) in enumerate(exact, start=1):
            rounded = (
                _ZERO if year == years else min(previous, max(_ZERO, kroner(balance)))
            )
            rows.append(
                YearRow(
                    year=year,
                    interest=kroner(interest),
                    repayment=previous - rounded,
                    balance=rounded,
                )
            )
            previous = rounded
    return rows


# Housing allowance ---------------------------------------------------------------


def own_share(rates, household_income):
    """The household's yearly own share of its housing costs (unrounded)."""
    above = max(_ZERO, household_income - rates.own_share_threshold)
    return rates.own_share_minimum + rates.own_share_rate * above


def housing_allowance(yearly_housing_costs, rates, household_income):
    """Yearly bostøtte in whole kroner."""
    counted = min(yearly_housing_costs, rates.cost_ceiling)
    amount = rates.allowance_share * (counted - own_share(rates, household_income))
    return max(_ZERO, kroner(amount))


# The whole project ---------------------------------------------------------------


def written_down_value(grant_amount, year, write_down_years):
    """The grant's written-down value at the end of ``year``, in whole kroner."""
    # Multiply before dividing, so that e.g. 29/30 of a grant is not cut short by a
    # rounded 0.9666… and exact halves round up as they should.
    remaining_years = max(0, write_down_years - year)
    return kroner(Decimal(grant_amount) * remaining_years / write_down_years)


def compute(inputs, rates):
    """The project's economics; ValueError for impossible inputs or rates."""
    validate(inputs, rates)
    grant_amount = grant(inputs, rates)
    loan = loan_amount(inputs, rates, grant_amount)
    rows = schedule(
        loan,
        inputs.interest_rate,
        inputs.years,
        inputs.payments_per_year,
        inputs.repayment,
    )
    first = rows[0]
    occupied = _ONE - inputs.vacancy
    yearly_costs = inputs.homes * inputs.yearly_costs_per_home
    cost_covering = (first.interest + first.repayment + yearly_costs) / (
        inputs.homes * _MONTHS * occupied
    )
    rent_income = inputs.rent_per_month * _MONTHS * inputs.homes * occupied

    yearly = []
    for year in range(1, max(inputs.years, rates.write_down_years) + 1):
        row = (
            rows[year - 1]
            if year <= inputs.years
            else YearRow(year, _ZERO, _ZERO, _ZERO)
        )
        yearly.append(
            YearResult(
                year=year,
                interest=row.interest,
                repayment=row.repayment,
                balance=row.balance,
                grant_written_down_value=written_down_value(
                    grant_amount, year, rates.write_down_years
                ),
                net_result=kroner(
                    rent_income - row.interest - row.repayment - yearly_costs
                ),
            )
        )

    yearly_allowance = housing_allowance(
        inputs.rent_per_month * _MONTHS, rates, inputs.household_income
    )
    rent = kroner(inputs.rent_per_month)
    monthly_allowance = kroner(yearly_allowance / _MONTHS)
    return Result(
        grant_amount=grant_amount,
        grant_per_home=kroner(grant_amount / inputs.homes),
        loan_amount=loan,
        first_year_interest=first.interest,
        first_year_repayment=first.repayment,
        total_interest=sum((row.interest for row in rows), _ZERO),
        unfinanced=unfinanced_amount(inputs, grant_amount, loan),
        cost_covering_rent_per_month=kroner(cost_covering),
        yearly=tuple(yearly),
        tenant=Tenant(
            rent=rent,
            housing_allowance=monthly_allowance,
            rent_after_allowance=rent - monthly_allowance,
        ),
    )


def as_dict(inputs, rates, result):
    """``result`` as JSON-ready data: ints for kroner, floats for rates and percent.

    The caller adds "inputs" and "rates".
    """
    return {
        "grant": {
            "amount": int(result.grant_amount),
            "per_home": int(result.grant_per_home),
        },
        "loan": {
            "amount": int(result.loan_amount),
            "interest_rate": float(inputs.interest_rate),
            "years": inputs.years,
            "payments_per_year": inputs.payments_per_year,
            "repayment": inputs.repayment,
            "first_year_interest": int(result.first_year_interest),
            "first_year_repayment": int(result.first_year_repayment),
            "total_interest": int(result.total_interest),
        },
        "unfinanced": int(result.unfinanced),
        "cost_covering_rent_per_month": int(result.cost_covering_rent_per_month),
        "yearly": [
            {
                "year": row.year,
                "interest": int(row.interest),
                "repayment": int(row.repayment),
                "balance": int(row.balance),
                "grant_written_down_value": int(row.grant_written_down_value),
                "net_result": int(row.net_result),
            }
            for row in result.yearly
        ],
        "tenant": {
            "rent": int(result.tenant.rent),
            "housing_allowance": int(result.tenant.housing_allowance),
            "rent_after_allowance": int(result.tenant.rent_after_allowance),
        },
    }
