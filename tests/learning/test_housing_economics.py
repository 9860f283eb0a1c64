"""The economics of municipal rental homes, against examples worked out by hand.

No database: ``learning.housing_economics`` is pure arithmetic on Decimals.
"""

import dataclasses
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learning import housing_economics as he

D = Decimal

RATES = he.Rates(
    grant_per_m2=D(5000),
    grant_max_area=D(80),
    write_down_years=30,
    loan_share_cap=D("0.85"),
    allowance_share=D("0.737"),
    cost_ceiling=D(180_000),
    own_share_minimum=D(3000),
    own_share_threshold=D(150_000),
    own_share_rate=D("0.18"),
)

# 4 homes of 50 m²: grant 4 × 50 × 5,000 = 1,000,000.
# Cost 2,500,000 − grant 1,000,000 − own funds 500,000 leaves 1,000,000 to borrow,
# less than the cap 0.85 × 2,500,000 = 2,125,000, so the loan is 1,000,000.
INPUTS = he.Inputs(
    homes=4,
    area_per_home=D(50),
    project_cost=D(2_500_000),
    own_funds=D(500_000),
    loan_share=D("0.85"),
    interest_rate=D(5),
    years=2,
    repayment="annuity",
    payments_per_year=1,
    rent_per_month=D(10_000),
    vacancy=D("0.05"),
    yearly_costs_per_home=D(30_000),
    household_income=D(250_000),
)


def inputs(**changes):
    return dataclasses.replace(INPUTS, **changes)


def rates(**changes):
    return dataclasses.replace(RATES, **changes)


def as_tuples(rows):
    return [(row.year, row.interest, row.repayment, row.balance) for row in rows]


# Schedules ------------------------------------------------------------------------


def test_annuity_schedule_yearly_payments():
    # 1,000,000 at 5 % over 2 years, one payment a year:
    #   payment = P·r / (1 − (1+r)^−n) = 50,000 / (1 − 1/1.1025)
    #           = 50,000 × 1.1025 / 0.1025 = 537,804.878…
    # Year 1: interest 1,000,000 × 0.05 = 50,000;
    #         repayment 537,804.878 − 50,000 = 487,804.878;
    #         balance 512,195.122 → 512,195, so repayment 1,000,000 − 512,195 = 487,805.
    # Year 2: interest 512,195.122 × 0.05 = 25,609.756 → 25,610;
    #         repayment the remaining 512,195; balance 0.
    rows = he.schedule(D(1_000_000), D(5), 2, 1, "annuity")
    assert as_tuples(rows) == [
        (1, D(50_000), D(487_805), D(512_195)),
        (2, D(25_610), D(512_195), D(0)),
    ]


def test_serial_schedule_monthly_payments():
    # 1,200,000 at 6 % over 2 years, 12 payments a year: r = 0.06/12 = 0.005,
    # n = 24, principal 1,200,000/24 = 50,000 a month.
    # Month k (k = 0…23) pays interest 0.005 × (1,200,000 − 50,000k) = 6,000 − 250k.
    # Year 1 (k = 0…11): 12 × 6,000 − 250 × (0+…+11) = 72,000 − 250 × 66 = 55,500.
    # Year 2 (k = 12…23): 72,000 − 250 × (12+…+23) = 72,000 − 250 × 210 = 19,500.
    rows = he.schedule(D(1_200_000), D(6), 2, 12, "serial")
    assert as_tuples(rows) == [
        (1, D(55_500), D(600_000), D(600_000)),
        (2, D(19_500), D(600_000), D(0)),
    ]


def test_serial_schedule_yearly_payments():
    # 900,000 at 4 % over 3 years: 300,000 a year, interest on the balance at the
    # start of each year: 0.04 × 900,000 = 36,000; × 600,000 = 24,000; × 300,000 = 12,000.
    rows = he.schedule(D(900_000), D(4), 3, 1, "serial")
    assert as_tuples(rows) == [
        (1, D(36_000), D(300_000), D(600_000)),
        (2, D(24_000), D(300_000), D(300_000)),
        (3, D(12_000), D(300_000), D(0)),
    ]


@pytest.mark.parametrize("repayment", ["annuity", "serial"])
def test_zero_interest_repays_evenly_and_exactly(repayment):
    # 1,000,000 at 0 % over 3 years: P/n = 333,333.33… a year.
    # Exact balances 666,666.67 → 666,667 and 333,333.33 → 333,333, so repayments are
    # 1,000,000 − 666,667 = 333,333; 666,667 − 333,333 = 333,334; and 333,333:
    # together exactly 1,000,000.
    rows = he.schedule(D(1_000_000), D(0), 3, 1, repayment)
    assert as_tuples(rows) == [
        (1, D(0), D(333_333), D(666_667)),
        (2, D(0), D(333_334), D(333_333)),
        (3, D(0), D(333_333), D(0)),
    ]


@pytest.mark.parametrize("repayment", ["annuity", "serial"])
def test_equal_instalments_keep_an_exact_half_krone(repayment):
    # 1,000,003 at 0 % over 6 years: P/6 = 166,667.1666… a year (repeating).
    # Balances P·5/6 = 833,335.83 → 833,336; P·4/6 = 666,668.67 → 666,669;
    # P·3/6 = 500,001.5 exactly → 500,002 (half up; summing a rounded-up 166,667.1667
    # three times would give 500,001.4999… → 500,001); P·2/6 = 333,334.33 → 333,334;
    # P/6 = 166,667.17 → 166,667; then 0.
    # Repayments are the falls: 166,667, 166,667, 166,667, 166,668, 166,667, 166,667
    # = 1,000,003.
    rows = he.schedule(D(1_000_003), D(0), 6, 1, repayment)
    assert [row.balance for row in rows] == [
        D(833_336),
        D(666_669),
        D(500_002),
        D(333_334),
        D(166_667),
        D(0),
    ]
    assert [row.repayment for row in rows] == [
        D(166_667),
        D(166_667),
        D(166_667),
        D(166_668),
        D(166_667),
        D(166_667),
    ]


def test_one_year_term_monthly_annuity():
    # 1,000,000 at 6 % over 1 year, 12 payments: r = 0.005, n = 12.
    #   1.005^12 = 1.0616778118645
    #   payment = 5,000 / (1 − 1/1.0616778118645)
    #           = 5,000 × 1.0616778118645 / 0.0616778118645 = 86,066.4297…
    # Everything is repaid within the year, so interest = 12 × 86,066.4297 − 1,000,000
    # = 32,797.156… → 32,797.
    rows = he.schedule(D(1_000_000), D(6), 1, 12, "annuity")
    assert as_tuples(rows) == [(1, D(32_797), D(1_000_000), D(0))]


def test_zero_principal_gives_zero_rows():
    rows = he.schedule(D(0), D(5), 3, 4, "annuity")
    assert as_tuples(rows) == [(year, D(0), D(0), D(0)) for year in (1, 2, 3)]


def test_schedule_rounds_the_principal_to_kroner():
    # 100.5 kr → 101 kr (half up), repaid 50.5 → balance 50.5 → 51, so 50 then 51.
    rows = he.schedule(D("100.5"), D(0), 2, 1, "serial")
    assert as_tuples(rows) == [(1, D(0), D(50), D(51)), (2, D(0), D(51), D(0))]


# Grant and loan -------------------------------------------------------------------


def test_grant_counts_at_most_80_m2_per_home():
    # 2 homes × min(95, 80) m² × 4,000 = 640,000 (not 2 × 95 × 4,000 = 760,000).
    assert he.grant(
        inputs(homes=2, area_per_home=D(95)), rates(grant_per_m2=D(4000))
    ) == D(640_000)
    # Below the cap the area counts in full: 2 × 79 × 4,000 = 632,000.
    assert he.grant(
        inputs(homes=2, area_per_home=D(79)), rates(grant_per_m2=D(4000))
    ) == D(632_000)


def test_grant_rounds_half_up():
    # 1 × 50.5 × 4,997 = 252,348.5 → 252,349 (half-even would give 252,348).
    assert he.grant(
        inputs(homes=1, area_per_home=D("50.5")), rates(grant_per_m2=D(4997))
    ) == D(252_349)


def test_grant_never_exceeds_project_cost():
    # 10 × 80 × 20,000 = 16,000,000, but the project costs 5,000,000.
    project = inputs(
        homes=10, area_per_home=D(80), project_cost=D(5_000_000), own_funds=D(0)
    )
    result = he.compute(project, rates(grant_per_m2=D(20_000)))
    assert result.grant_amount == D(5_000_000)
    assert result.grant_per_home == D(500_000)
    # Nothing left to borrow: min(0.85 × 5,000,000, 5,000,000 − 5,000,000 − 0) = 0.
    assert result.loan_amount == D(0)
    assert result.unfinanced == D(0)
    assert result.total_interest == D(0)
    # Cost-covering rent is then the running costs only:
    # 10 × 30,000 / (10 × 12 × 0.95) = 300,000 / 114 = 2,631.58 → 2,632.
    assert result.cost_covering_rent_per_month == D(2632)


def test_loan_limited_by_the_85_percent_cap():
    # Cost 10,000,000; grant 4 × 50 × 5,000 = 1,000,000; no own funds.
    # Asked 90 %, capped at 85 %: 8,500,000, less than the 9,000,000 left over.
    project = inputs(project_cost=D(10_000_000), own_funds=D(0), loan_share=D("0.9"))
    grant = he.grant(project, RATES)
    assert grant == D(1_000_000)
    assert he.loan_amount(project, RATES, grant) == D(8_500_000)
    result = he.compute(project, RATES)
    assert result.loan_amount == D(8_500_000)
    # 10,000,000 − 1,000,000 − 0 − 8,500,000 = 500,000 is not financed.
    assert result.unfinanced == D(500_000)


def test_loan_share_below_the_cap_is_kept():
    # Asked 50 % of 10,000,000 = 5,000,000; unfinanced 10M − 1M − 5M = 4,000,000.
    project = inputs(project_cost=D(10_000_000), own_funds=D(0), loan_share=D("0.5"))
    result = he.compute(project, RATES)
    assert result.loan_amount == D(5_000_000)
    assert result.unfinanced == D(4_000_000)


def test_loan_limited_by_what_grant_and_own_funds_leave():
    # Cost 10,000,000; grant 1,000,000; own funds 2,000,000: 7,000,000 is left,
    # less than the cap 0.85 × 10,000,000 = 8,500,000.
    project = inputs(project_cost=D(10_000_000), own_funds=D(2_000_000))
    assert he.loan_amount(project, RATES, D(1_000_000)) == D(7_000_000)
    result = he.compute(project, RATES)
    assert result.loan_amount == D(7_000_000)
    assert result.unfinanced == D(0)


def test_loan_is_never_negative():
    # Own funds 3,000,000 + grant 1,000,000 exceed the 2,500,000 cost.
    project = inputs(own_funds=D(3_000_000))
    assert he.loan_amount(project, RATES, D(1_000_000)) == D(0)
    assert he.compute(project, RATES).unfinanced == D(0)


# The whole project ----------------------------------------------------------------


def test_compute_worked_example():
    result = he.compute(INPUTS, RATES)
    assert result.grant_amount == D(1_000_000)
    assert result.grant_per_home == D(250_000)  # 1,000,000 / 4
    assert result.loan_amount == D(1_000_000)
    # The schedule of test_annuity_schedule_yearly_payments.
    assert result.first_year_interest == D(50_000)
    assert result.first_year_repayment == D(487_805)
    assert result.total_interest == D(75_610)  # 50,000 + 25,610
    assert result.unfinanced == D(0)
    # Cost-covering rent: (50,000 + 487,805 + 4 × 30,000) / (4 × 12 × 0.95)
    #   = 657,805 / 45.6 = 14,425.548… → 14,426.
    assert result.cost_covering_rent_per_month == D(14_426)

    # Rows for max(2 loan years, 30 write-down years) = 30 years.
    assert [row.year for row in result.yearly] == list(range(1, 31))
    # Rent income 10,000 × 12 × 4 × 0.95 = 456,000; costs 4 × 30,000 = 120,000.
    # Year 1: 456,000 − 50,000 − 487,805 − 120,000 = −201,805.
    # Year 2: 456,000 − 25,610 − 512,195 − 120,000 = −201,805.
    # Year 3 on: 456,000 − 120,000 = 336,000.
    # Written down: 1,000,000 × 29/30 = 966,666.67 → 966,667; × 28/30 → 933,333;
    # × 27/30 = 900,000; year 30: 0.
    first, second, third = result.yearly[:3]
    assert dataclasses.astuple(first) == (
        1,
        D(50_000),
        D(487_805),
        D(512_195),
        D(966_667),
        D(-201_805),
    )
    assert dataclasses.astuple(second) == (
        2,
        D(25_610),
        D(512_195),
        D(0),
        D(933_333),
        D(-201_805),
    )
    assert dataclasses.astuple(third) == (3, D(0), D(0), D(0), D(900_000), D(336_000))
    assert dataclasses.astuple(result.yearly[-1]) == (
        30,
        D(0),
        D(0),
        D(0),
        D(0),
        D(336_000),
    )

    # Tenant: rent 10,000 a month is 120,000 a year, below the 180,000 ceiling.
    # Own share 3,000 + 0.18 × (250,000 − 150,000) = 21,000;
    # allowance 0.737 × (120,000 − 21,000) = 72,963 a year; 72,963 / 12 = 6,080.25
    # → 6,080 a month; left to pay 10,000 − 6,080 = 3,920.
    assert result.tenant == he.Tenant(
        rent=D(10_000), housing_allowance=D(6080), rent_after_allowance=D(3920)
    )


def test_cost_covering_rent_without_vacancy():
    # (50,000 + 487,805 + 120,000) / (4 × 12 × 1) = 657,805 / 48 = 13,704.27 → 13,704.
    result = he.compute(inputs(vacancy=D(0)), RATES)
    assert result.cost_covering_rent_per_month == D(13_704)


def test_cost_covering_rent_with_serial_loan():
    # Serial 1,000,000 at 5 % over 2 years: year 1 interest 50,000, repayment 500,000.
    # (50,000 + 500,000 + 120,000) / 45.6 = 670,000 / 45.6 = 14,692.98 → 14,693.
    result = he.compute(inputs(repayment="serial"), RATES)
    assert result.first_year_interest == D(50_000)
    assert result.first_year_repayment == D(500_000)
    assert result.total_interest == D(75_000)  # 50,000 + 0.05 × 500,000
    assert result.cost_covering_rent_per_month == D(14_693)


def test_vacancy_of_one_is_refused():
    with pytest.raises(ValueError, match="vacancy"):
        he.compute(inputs(vacancy=D(1)), RATES)


def test_grant_written_down_value_over_the_years():
    # Grant 3 homes × 55 m² × 9,999 = 1,649,835; 1/30 of it is 54,994.5.
    # Year 1: 1,649,835 × 29/30 = 1,594,840.5 → 1,594,841 (half up).
    # Year 15: 1,649,835 × 15/30 = 824,917.5 → 824,918.
    # Year 29: 1,649,835 × 1/30 = 54,994.5 → 54,995.
    # Year 30: fully written down, 0; year 31: still 0, never negative.
    # A 40-year loan gives rows for 40 years, so year 31 exists.
    project = inputs(
        homes=3,
        area_per_home=D(55),
        project_cost=D(5_000_000),
        own_funds=D(0),
        years=40,
    )
    result = he.compute(project, rates(grant_per_m2=D(9999)))
    assert result.grant_amount == D(1_649_835)
    assert result.grant_per_home == D(549_945)  # 1,649,835 / 3
    values = {row.year: row.grant_written_down_value for row in result.yearly}
    assert len(values) == 40
    assert values[1] == D(1_594_841)
    assert values[15] == D(824_918)
    assert values[29] == D(54_995)
    assert values[30] == D(0)
    assert values[31] == D(0)
    assert values[40] == D(0)
    # The loan is still running in year 31 and paid off in year 40.
    assert result.yearly[30].balance > 0
    assert result.yearly[-1].balance == D(0)


def test_written_down_value_function():
    assert he.written_down_value(D(3_000_000), 1, 30) == D(2_900_000)
    assert he.written_down_value(D(3_000_000), 15, 30) == D(1_500_000)
    assert he.written_down_value(D(3_000_000), 30, 30) == D(0)
    assert he.written_down_value(D(3_000_000), 31, 30) == D(0)


def test_rows_after_the_loan_ends_are_zero():
    # A 2-year loan but 30 years of write-down: years 3..30 have no loan.
    result = he.compute(INPUTS, RATES)
    assert all(
        (row.interest, row.repayment, row.balance) == (0, 0, 0)
        for row in result.yearly[2:]
    )
    assert len(result.yearly) == 30


# Housing allowance ----------------------------------------------------------------


def test_housing_allowance_below_the_ceiling():
    # Own share 3,000 + 0.18 × (250,000 − 150,000) = 21,000.
    # 0.737 × (120,000 − 21,000) = 0.737 × 99,000 = 72,963.
    assert he.housing_allowance(D(120_000), RATES, D(250_000)) == D(72_963)
    # 0.737 × (120,001 − 21,000) = 72,963.737 → 72,964.
    assert he.housing_allowance(D(120_001), RATES, D(250_000)) == D(72_964)


def test_housing_allowance_above_the_ceiling():
    # Costs 240,000 count only up to the 180,000 ceiling:
    # 0.737 × (180,000 − 21,000) = 0.737 × 159,000 = 117,183.
    assert he.housing_allowance(D(240_000), RATES, D(250_000)) == D(117_183)
    assert he.housing_allowance(D(180_000), RATES, D(250_000)) == D(117_183)


def test_housing_allowance_minimum_own_share_at_low_income():
    # Income below the threshold: own share is the minimum 3,000.
    # 0.737 × (120,000 − 3,000) = 0.737 × 117,000 = 86,229.
    assert he.housing_allowance(D(120_000), RATES, D(100_000)) == D(86_229)


def test_housing_allowance_zero_at_high_income():
    # Income 1,000,000: own share 3,000 + 0.18 × 850,000 = 156,000 > costs 120,000,
    # so 0.737 × (120,000 − 156,000) is negative and the allowance is 0.
    assert he.housing_allowance(D(120_000), RATES, D(1_000_000)) == D(0)
    result = he.compute(inputs(household_income=D(1_000_000)), RATES)
    assert result.tenant == he.Tenant(
        rent=D(10_000), housing_allowance=D(0), rent_after_allowance=D(10_000)
    )


# as_dict --------------------------------------------------------------------------


def test_as_dict_shape_and_values():
    result = he.compute(INPUTS, RATES)
    data = he.as_dict(INPUTS, RATES, result)
    assert set(data) == {
        "grant",
        "loan",
        "unfinanced",
        "cost_covering_rent_per_month",
        "yearly",
        "tenant",
    }
    assert data["grant"] == {"amount": 1_000_000, "per_home": 250_000}
    assert data["loan"] == {
        "amount": 1_000_000,
        "interest_rate": 5.0,
        "years": 2,
        "payments_per_year": 1,
        "repayment": "annuity",
        "first_year_interest": 50_000,
        "first_year_repayment": 487_805,
        "total_interest": 75_610,
    }
    assert data["unfinanced"] == 0
    assert data["cost_covering_rent_per_month"] == 14_426
    assert len(data["yearly"]) == 30
    assert data["yearly"][0] == {
        "year": 1,
        "interest": 50_000,
        "repayment": 487_805,
        "balance": 512_195,
        "grant_written_down_value": 966_667,
        "net_result": -201_805,
    }
    assert data["tenant"] == {
        "rent": 10_000,
        "housing_allowance": 6080,
        "rent_after_allowance": 3920,
    }
    # JSON-ready: kroner are ints, the interest rate a float; nothing is a Decimal.
    assert type(data["grant"]["amount"]) is int
    assert type(data["loan"]["interest_rate"]) is float
    assert all(type(value) is int for row in data["yearly"] for value in row.values())
    assert json.loads(json.dumps(data)) == data


def test_as_dict_fractional_interest_rate_is_a_float():
    project = inputs(interest_rate=D("4.25"))
    data = he.as_dict(project, RATES, he.compute(project, RATES))
    assert data["loan"]["interest_rate"] == 4.25


# Properties -----------------------------------------------------------------------

principals = st.integers(min_value=0, max_value=200_000_000)
interest_rates = st.decimals(min_value=0, max_value=30, places=2)
terms = st.integers(min_value=1, max_value=50)
payments = st.sampled_from([1, 2, 4, 12])
repayments = st.sampled_from(["annuity", "serial"])


@given(principals, interest_rates, terms, payments, repayments)
def test_schedule_repays_exactly_the_principal(principal, rate, years, ppy, repayment):
    rows = he.schedule(D(principal), rate, years, ppy, repayment)
    assert [row.year for row in rows] == list(range(1, years + 1))
    assert sum(row.repayment for row in rows) == principal
    assert rows[-1].balance == 0
    balance = D(principal)
    for row in rows:
        assert row.repayment >= 0
        assert row.interest >= 0
        balance -= row.repayment
        assert row.balance == balance


@given(principals, interest_rates, interest_rates, terms, payments, repayments)
def test_higher_interest_never_lowers_total_interest(
    principal, rate_a, rate_b, years, ppy, repayment
):
    low, high = sorted((rate_a, rate_b))

    def total(rate):
        return sum(
            row.interest
            for row in he.schedule(D(principal), rate, years, ppy, repayment)
        )

    assert total(low) <= total(high)
    # Total cost (principal + interest) follows the same order.
    assert principal + total(low) <= principal + total(high)


@given(
    st.integers(min_value=0, max_value=600_000),
    st.integers(min_value=0, max_value=3_000_000),
    st.integers(min_value=0, max_value=3_000_000),
)
def test_more_income_never_raises_the_allowance(costs, income_a, income_b):
    low, high = sorted((income_a, income_b))
    at_low = he.housing_allowance(D(costs), RATES, D(low))
    at_high = he.housing_allowance(D(costs), RATES, D(high))
    assert at_high <= at_low
    assert at_high >= 0


# Impossible input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"homes": 0}, "homes"),
        ({"homes": -2}, "homes"),
        ({"area_per_home": D(0)}, "area_per_home"),
        ({"area_per_home": D(-50)}, "area_per_home"),
        ({"area_per_home": D("NaN")}, "area_per_home"),
        ({"project_cost": D(0)}, "project_cost"),
        ({"project_cost": D(-1)}, "project_cost"),
        ({"own_funds": D(-1)}, "own_funds"),
        ({"rent_per_month": D(-1)}, "rent_per_month"),
        ({"yearly_costs_per_home": D(-1)}, "yearly_costs_per_home"),
        ({"household_income": D(-1)}, "household_income"),
        ({"years": 0}, "years"),
        ({"years": 51}, "years"),
        ({"payments_per_year": 3}, "payments_per_year"),
        ({"payments_per_year": 0}, "payments_per_year"),
        ({"repayment": "bullet"}, "repayment"),
        ({"vacancy": D(1)}, "vacancy"),
        ({"vacancy": D("-0.01")}, "vacancy"),
        ({"interest_rate": D("-0.01")}, "interest_rate"),
        ({"interest_rate": D("30.01")}, "interest_rate"),
        ({"loan_share": D("-0.01")}, "loan_share"),
        ({"loan_share": D("1.01")}, "loan_share"),
    ],
)
def test_impossible_input_raises_value_error(changes, field):
    with pytest.raises(ValueError, match=field):
        he.compute(inputs(**changes), RATES)


@pytest.mark.parametrize(
    "changes",
    [
        {"years": 1},
        {"years": 50},
        {"interest_rate": D(0)},
        {"interest_rate": D(30)},
        {"vacancy": D(0)},
        {"loan_share": D(0)},
        {"loan_share": D(1)},
        {"own_funds": D(0)},
        {"rent_per_month": D(0)},
        {"payments_per_year": 12},
    ],
)
def test_boundary_input_is_accepted(changes):
    result = he.compute(inputs(**changes), RATES)
    assert result.grant_amount == D(1_000_000)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"write_down_years": 0}, "write_down_years"),
        ({"loan_share_cap": D("1.5")}, "loan_share_cap"),
        ({"grant_per_m2": D(-1)}, "grant_per_m2"),
    ],
)
def test_impossible_rates_raise_value_error(changes, field):
    with pytest.raises(ValueError, match=field):
        he.compute(INPUTS, rates(**changes))


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((D(-1), D(5), 2, 1, "annuity"), "principal"),
        ((D(1000), D(31), 2, 1, "annuity"), "interest_rate"),
        ((D(1000), D(5), 0, 1, "annuity"), "years"),
        ((D(1000), D(5), 2, 6, "annuity"), "payments_per_year"),
        ((D(1000), D(5), 2, 1, "balloon"), "repayment"),
    ],
)
def test_schedule_refuses_impossible_terms(args, field):
    with pytest.raises(ValueError, match=field):
        he.schedule(*args)
