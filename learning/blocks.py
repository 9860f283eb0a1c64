"""StreamField blocks of the learning family: a calculator scenario in an article."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from learning.calculator.scenarios import scenario
from portal.blocks import BodyBlock

SCENARIO_HELP = _(
    "Regn ut prosjektet i kalkulatoren, kopier adressen til siden med resultatet, "
    "og lim den inn her."
)


def scenario_query(link):
    """The query string of a link to the calculator, or None if it is not one."""
    parts = urlsplit((link or "").strip())
    if parts.path.rstrip("/") not in _calculator_paths():
        return None
    return QueryDict(parts.query)


def _calculator_paths():
    """The calculator's address in each written standard (/kalkulator, /nn/kalkulator):
    an editor may have copied either."""
    paths = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.add(reverse("calculator").rstrip("/"))
    return paths


class CalculatorScenarioBlock(blocks.StructBlock):
    """The key figures of a calculator scenario, with a link to the whole of it."""

    title = blocks.CharBlock(
        label=_("Overskrift"),
        max_length=120,
        required=False,
        help_text=_(
            "For eksempel «Ti nye utleieboliger i Karmøy». Står tom: «Regnestykket»."
        ),
    )
    link = blocks.CharBlock(
        label=_("Lenke til beregningen"), max_length=2000, help_text=SCENARIO_HELP
    )

    class Meta:
        icon = "table"
        label = _("Beregning fra kalkulatoren")
        template = "blocks/calculator_scenario_block.html"
        description = _(
            "Nøkkeltallene fra en beregning i kalkulatoren for utleieboliger."
        )
        preview_value = {"title": _("Ti nye utleieboliger"), "link": "/kalkulator/"}

    def clean(self, value):
        value = super().clean(value)
        query = scenario_query(value["link"])
        if query is None:
            raise blocks.StructBlockValidationError(
                {
                    "link": ValidationError(
                        gettext("Lenken må gå til kalkulatoren (/kalkulator/).")
                    )
                }
            )
        found = scenario(query, timezone.localdate())
        if found.result is None:
            raise blocks.StructBlockValidationError(
                {
                    "link": ValidationError(
                        gettext(
                            "Kalkulatoren kan ikke regne ut denne lenken. Åpne den, "
                            "rett opp feilene og kopier adressen på nytt."
                        )
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        query = scenario_query(value["link"])
        found = scenario(query, timezone.localdate()) if query is not None else None
        context["scenario"] = found if found and found.result else None
        return context


class ArticleBodyBlock(BodyBlock):
    """An experience article's body: the shared blocks and a calculator scenario."""

    calculator = CalculatorScenarioBlock()
