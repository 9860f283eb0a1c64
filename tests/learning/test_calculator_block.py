"""A calculator scenario in an article (learning.blocks.CalculatorScenarioBlock)."""

import datetime

import pytest
import time_machine
from wagtail.blocks import StructBlockValidationError

from learning.blocks import CalculatorScenarioBlock
from learning.models import ExperienceArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

TODAY = datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_the_article_about_the_economics_links_to_the_calculator(demo_once, client):
    article = ExperienceArticlePage.objects.get(slug="regn-pa-utleieboligene")
    content = client.get(article.url).content.decode()
    assert (
        '<a href="/kalkulator/">Kalkulatoren for kommunale utleieboliger</a>' in content
    )
    # The example scenario's key figures, computed on the rates in force.
    assert "Eksempel: ti nye utleieboliger i Karmøy" in content
    assert "10 boliger i Karmøy, satser fra 1. januar 2024" in content
    # 10 homes × 55 m² × 8 500 kr (Karmøy is in the group of other municipalities).
    assert "4\u202f675\u202f000 kr" in content
    assert "Se hele regnestykket i kalkulatoren" in content
    assert 'href="/kalkulator/?project_type=nybygg&amp;municipality=1149' in content


@pytest.mark.parametrize(
    "link, message",
    [
        ("https://example.com/", "Lenken må gå til kalkulatoren (/kalkulator/)."),
        ("/kalkulator/?homes=-1", "Kalkulatoren kan ikke regne ut denne lenken."),
    ],
)
def test_a_link_that_is_not_a_scenario_is_refused(demo_once, link, message):
    block = CalculatorScenarioBlock()
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.to_python({"title": "", "link": link}))
    assert message in str(refused.value.block_errors["link"])


def test_a_scenario_link_is_accepted_whole_or_as_a_path(demo_once):
    block = CalculatorScenarioBlock()
    for link in (
        "https://boligsosial.example/kalkulator/?homes=4",
        "/kalkulator/?homes=4",
        "/kalkulator/",
    ):
        assert block.clean(block.to_python({"title": "", "link": link}))["link"] == link
