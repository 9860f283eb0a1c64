"""The calculator page (/kalkulator/): scenarios, its JSON, bad input, the rates."""

import datetime
import html
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from demo import datafiles
from demo.loader import calculator_rates
from learning import moderation
from learning.models import HousingRates
from portal.templatetags.portal_tags import kroner

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

# A day the demo's rates (from 1 January 2024) are more than a year old.
TODAY = datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC)
SCENARIO = {
    "municipality": "4601",  # Bergen: the large cities' group, 12 700 per m²
    "homes": "4",
    "area_per_home": "90",  # above the 80 m² the grant counts
    "project_cost": "12 000 000",
    "own_funds": "500000",
    "loan_share": "85",
    "interest_rate": "4,5",
    "years": "30",
    "repayment": "serial",
    "payments_per_year": "1",
    "rent_per_month": "13000",
    "vacancy": "5",
    "household_size": "3",
    "household_income": "300000",
}


@pytest.fixture
def rates(db):
    return calculator_rates()


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def text(response):
    """The page's text, tags and whitespace collapsed."""
    content = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    # Not str.split(): amounts are grouped with no-break spaces, which it would split.
    return re.sub(r"[ \t\r\n]+", " ", content).strip()


def test_a_first_visit_shows_the_example_project(client, rates):
    response = client.get(reverse("calculator"))
    assert response.status_code == 200
    page = text(response)
    assert "Resultat for Karmøy" in page
    assert "Utgiftsdekkende husleie" in page
    # The rates used are named, with their date and source, and their age is told.
    assert "Satser fra 1. januar 2024" in page
    assert "Husbanken: tilskudd til utleieboliger, satser 2023" in page
    assert "mer enn ett år gamle" in page


def test_the_json_agrees_with_the_page(client, rates):
    page = text(client.get(reverse("calculator"), SCENARIO))
    data = client.get(reverse("calculator"), {**SCENARIO, "format": "json"}).json()

    # 4 homes × 80 m² (the cap, not 90) × 12 700 kr.
    assert data["grant"] == {"amount": 4 * 80 * 12_700, "per_home": 80 * 12_700}
    assert data["rates"]["valid_from"] == "2024-01-01"
    assert data["rates"]["grant_group"] == "Storbyene"
    assert data["loan"]["repayment"] == "serial"
    assert data["loan"]["interest_rate"] == 4.5
    # 85 % of 12 000 000 is 10 200 000; the rest after grant and own funds is less.
    assert data["loan"]["amount"] == 12_000_000 - 4_064_000 - 500_000
    assert data["inputs"]["project_cost"] == 12_000_000
    assert len(data["yearly"]) == 30
    for figure in (
        data["grant"]["amount"],
        data["loan"]["amount"],
        data["loan"]["first_year_interest"],
        data["loan"]["total_interest"],
        data["cost_covering_rent_per_month"],
        data["tenant"]["housing_allowance"],
        data["tenant"]["rent_after_allowance"],
    ):
        assert kroner(figure) in page
    for row in data["yearly"]:
        assert (
            f"{row['year']} {kroner(row['interest'])} {kroner(row['repayment'])} "
            f"{kroner(row['balance'])} {kroner(row['grant_written_down_value'])} "
            f"{kroner(row['net_result'])}"
        ) in page


def test_a_scenario_is_a_link_that_keeps_every_input(client, rates):
    response = client.get(reverse("calculator"), SCENARIO)
    link = response.context["scenario"].query()
    again = client.get(f"{reverse('calculator')}?{link}&format=json").json()
    first = client.get(reverse("calculator"), {**SCENARIO, "format": "json"}).json()
    assert again == first


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("homes", "-3", "Prosjektet må ha minst én bolig."),
        ("homes", "mange", "Skriv et helt antall boliger."),
        ("area_per_home", "0", "Tallet kan ikke være mindre enn 1."),
        ("interest_rate", "99", "Tallet kan ikke være større enn 30."),
        ("interest_rate", "NaN", "Skriv et tall, for eksempel 4,5."),
        ("project_cost", "9" * 40, "Beløpet er urimelig stort. Sjekk tallet."),
        ("own_funds", "-1", "Beløpet kan ikke være negativt."),
        ("own_funds", "13000000", "Egenkapitalen kan ikke være større enn"),
        ("years", "51", "Nedbetalingstiden kan være høyst 50 år."),
        ("repayment", "<script>", "Velg et av alternativene i listen."),
        ("municipality", "9999", "Velg et av alternativene i listen."),
        ("vacancy", "100", "Tallet kan ikke være større enn 99."),
        ("loan_share", "1e999999", "Tallet er for langt."),
    ],
)
def test_bad_input_gets_a_message_in_bokmal(client, rates, field, value, message):
    response = client.get(reverse("calculator"), {**SCENARIO, field: value})
    assert response.status_code == 200
    page = text(response)
    assert "Kalkulatoren kunne ikke regne. Rett opp dette:" in page
    assert message in page
    assert "Resultat for" not in page

    answer = client.get(
        reverse("calculator"), {**SCENARIO, field: value, "format": "json"}
    )
    assert answer.status_code == 400
    assert any(message in error for error in answer.json()["errors"][field])


def test_amounts_may_be_written_as_people_write_them(client, rates):
    data = client.get(
        reverse("calculator"),
        {
            **SCENARIO,
            "project_cost": "12 000 000 kr",
            "own_funds": "500 000,-",
            "format": "json",
        },
    ).json()
    assert data["inputs"]["project_cost"] == 12_000_000
    assert data["inputs"]["own_funds"] == 500_000


def test_new_rates_give_no_warning(client, rates):
    rates.pk = None
    rates.valid_from = datetime.date(2026, 6, 1)
    rates.save()
    page = text(client.get(reverse("calculator")))
    assert "Satser fra 1. juni 2026" in page
    assert "mer enn ett år gamle" not in page


def test_without_rates_the_page_says_so(client):
    assert not HousingRates.objects.exists()
    page = text(client.get(reverse("calculator")))
    assert "Kalkulatoren har ingen satser ennå." in page
    assert client.get(reverse("calculator"), {"format": "json"}).status_code == 503


def test_husbanken_editors_maintain_the_rates(client, rates, home_page):
    from learning import signals

    signals.set_up_moderation(sender=None)
    editor = get_user_model().objects.create_user("redaktor", "r@husbanken.example")
    editor.groups.add(Group.objects.get(name=moderation.HUSBANKEN_EDITORS))
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_learning_housingrates:list"))
    assert listing.status_code == 200
    assert "Satser fra 01.01.2024" in listing.content.decode()
    edit = client.get(
        reverse("wagtailsnippets_learning_housingrates:edit", args=[rates.pk])
    )
    assert edit.status_code == 200
    assert "Tilskudd per m² etter kommunegruppe" in edit.content.decode()


def newer_rates():
    """A rate set from 1 June 2026 with one grant rate for every municipality."""
    return calculator_rates(
        {
            **datafiles.calculator_rates(),
            "valid_from": datetime.date(2026, 6, 1),
            "grant_groups": [
                {"name": "Alle kommuner", "grant_per_m2": 20_000, "municipalities": ""}
            ],
        }
    )


def test_a_shared_link_keeps_its_rates_after_newer_ones_come(client, rates):
    link = client.get(reverse("calculator"), SCENARIO).context["scenario"].query()
    assert f"satser={rates.pk}" in link
    before = client.get(f"{reverse('calculator')}?{link}&format=json").json()

    newer = newer_rates()
    after = client.get(f"{reverse('calculator')}?{link}&format=json").json()
    # The same result, and, as on the page, word of the newer rates.
    assert before["rates"].pop("newer_rates") is None
    assert after["rates"].pop("newer_rates") == {
        "id": newer.pk,
        "valid_from": "2026-06-01",
    }
    assert after == before
    assert after["rates"]["valid_from"] == "2024-01-01"
    assert after["rates"]["older_than_a_year"] is True
    current = client.get(reverse("calculator"), {**SCENARIO, "format": "json"})
    assert current.json()["rates"]["older_than_a_year"] is False
    assert current.json()["rates"]["newer_rates"] is None

    response = client.get(f"{reverse('calculator')}?{link}")
    assert (
        "Beregningen bruker satsene fra 1. januar 2024. Nyere satser finnes: "
        "Regn ut med dagens satser"
    ) in text(response)
    today = re.search(
        r'href="\?([^"]*)#beregning">Regn ut med dagens satser</a>',
        response.content.decode(),
    ).group(1)
    today = html.unescape(today)
    assert "satser=" not in today
    current = client.get(f"{reverse('calculator')}?{today}&format=json").json()
    assert current["rates"]["valid_from"] == "2026-06-01"
    assert current["inputs"] == before["inputs"]
    assert current["grant"]["amount"] == 4 * 80 * 20_000
    # Recomputing from the page keeps the rate set the link named.
    assert f'<input type="hidden" name="satser" value="{rates.pk}">' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "rates_id", ["abc", "999999", "9" * 40, "-1", "1.5", "\u0661", "<script>"]
)
def test_an_unknown_rate_set_falls_back_to_todays_in_bokmal(client, rates, rates_id):
    response = client.get(reverse("calculator"), {**SCENARIO, "satser": rates_id})
    assert response.status_code == 200
    page = text(response)
    assert (
        "Lenken viser til satser som ikke finnes. Beregningen bruker derfor dagens "
        "satser, fra 1. januar 2024."
    ) in page
    assert "Resultat for Bergen" in page
    data = client.get(
        reverse("calculator"), {**SCENARIO, "satser": rates_id, "format": "json"}
    ).json()
    assert data["rates"]["id"] == rates.pk


def test_when_the_loan_cap_binds_the_advice_says_so(client, rates):
    # Øvrige kommuner: 4 × 50 m² × 8 500 = 1 700 000 in grant. 85 % of 20 000 000 is
    # 17 000 000, less than the 18 300 000 grant and own funds leave.
    capped = {
        **SCENARIO,
        "municipality": "1149",
        "area_per_home": "50",
        "project_cost": "20000000",
        "own_funds": "0",
        "loan_share": "95",
    }
    page = text(client.get(reverse("calculator"), capped))
    assert f"{kroner(1_300_000)} mangler" in page
    assert (
        "Husbanken låner ut høyst 85 % av prosjektkostnaden, ikke 95 % som du ba om, "
        "så lånet kan ikke bli større."
    ) in page
    assert "Øk egenkapitalen eller lånedelen" not in page

    # Below the cap a larger loan share still helps, and the advice says so.
    below = text(client.get(reverse("calculator"), {**capped, "loan_share": "60"}))
    assert "Øk egenkapitalen eller lånedelen" in below
    assert "så lånet kan ikke bli større" not in below
