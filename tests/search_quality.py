"""The site search's quality set over the demo content, for the tests and the benchmark.

Each case is a query and what a reader would count as a right answer, judged from the
pages' own text by a regular expression written for the case, independently of the
search's analysis: ``relevant`` lists patterns that a page's text must all contain. A case
with no patterns must find nothing (fragments of words, unrelated words). A typo's case
judges the search the suggestion leads to, and names the suggestion.

Precision at 10 is the share of the first ten results that are right (1 when there are
none); recall at 10 the share of the right pages, up to ten, that are among them.
"""

import re
from dataclasses import dataclass, field

from wagtail.models import Page

from portal.search.backend import searchable_texts
from portal.search.query import find, suggest

TOP = 10


@dataclass(frozen=True)
class Case:
    kind: str
    query: str
    relevant: tuple = ()  # patterns (case-insensitive) a right page's text all contains
    suggestion: str = ""  # for a typo: the word "Mente du …?" offers
    first: str = ""  # a pattern the first result's title matches
    not_first: tuple = field(default=())  # titles the first result is not


def _case(kind, query, *relevant, **options):
    return Case(kind, query, relevant, **options)


CASES = [
    # A part finds the compounds it is part of.
    _case("compound part", "bolig", r"bolig"),
    _case("compound part", "utleie", r"utleie"),
    _case("compound part", "samling", r"samling"),
    _case("compound part", "tilskudd", r"tilskudd"),
    _case("compound part", "sosial", r"sosial"),
    _case("compound part", "marked", r"marked"),
    _case("compound part", "kontrakt", r"kontrakt"),
    _case("compound part", "tjeneste", r"tjenest"),
    _case("compound part", "familie", r"famili"),
    _case("compound part", "avtale", r"avtal"),
    # A compound finds itself, inflected.
    _case("compound", "utleiebolig", r"utleiebolig"),
    _case("compound", "utleieboligene", r"utleiebolig"),
    _case("compound", "fagsamlingen", r"fagsamling"),
    _case("compound", "leieavtale", r"leieavtale"),
    _case("compound", "bostedsløs", r"bostedsløs"),
    _case("compound", "gjennomstrømning", r"gjennomstrømning"),
    _case("compound", "vanskeligstilt", r"vanskeligstilt"),
    _case("compound", "programkommune", r"programkommune"),
    _case("compound", "startlån", r"startlån"),
    _case("compound", "bostøtte", r"bostøtte"),
    _case("compound", "kontaktperson", r"kontaktperson"),
    _case("compound", "brukerplan", r"brukerplan", first=r"(?i)brukerplan"),
    _case("compound", "velferdsprogrammet", r"velferdsprogram"),
    # Nynorsk queries find the bokmål pages where the stem is shared.
    _case("nynorsk", "kommunane", r"kommune"),
    _case("nynorsk", "erfaringane", r"erfaring"),
    _case("nynorsk", "samlinga", r"samling"),
    _case("nynorsk", "oppfølginga", r"oppfølging"),
    _case("nynorsk", "programkommunane", r"programkommune"),
    # Inflections.
    _case("inflection", "kommunale", r"\bkommunale?\b"),
    _case("inflection", "leietaker", r"leietaker"),
    _case("inflection", "erfaringene", r"erfaring"),
    _case("inflection", "husstander", r"husstand"),
    _case("inflection", "utleiere", r"utleier"),
    _case("inflection", "oppfølgingen", r"oppfølging"),
    _case("inflection", "samarbeidet", r"samarbeid"),
    _case("inflection", "rusproblemer", r"rusproblem"),
    _case("inflection", "Husbankens", r"husbank", first=r"(?i)husbank"),
    # Without æøå, and in any case.
    _case("ascii", "karmoy", r"karmøy", first=r"Karmøy"),
    _case("ascii", "bostedslose", r"bostedsløs"),
    _case("ascii", "bostotte", r"bostøtte"),
    _case("ascii", "gjennomstromning", r"gjennomstrømning"),
    _case("ascii", "startlan", r"startlån"),
    _case("ascii", "bodo", r"\bbodø", first=r"Bodø"),
    _case("ascii", "gjovik", r"gjøvik", first=r"Gjøvik"),
    _case("ascii", "aakrehamn", r"åkrehamn"),
    _case("ascii", "oppfolging", r"oppfølging"),
    _case("ascii", "KARMØY", r"karmøy"),
    # Typos: the suggestion, and what it finds.
    _case("typo", "husbnaken", r"husbank", suggestion="husbanken"),
    _case("typo", "bsotedsløse", r"bostedsløs", suggestion="bostedsløse"),
    _case("typo", "utleieboilger", r"utleiebolig", suggestion="utleieboliger"),
    _case(
        "typo", "gjennomstrøming", r"gjennomstrømning", suggestion="gjennomstrømning"
    ),
    _case("typo", "brukreplan", r"brukerplan", suggestion="brukerplan"),
    _case("typo", "karmy", r"karmøy", suggestion="karmøy"),
    # Questions typed as sentences.
    _case(
        "sentence",
        "Hvordan kan kommunen leie boliger av private utleiere?",
        r"\bprivat",
        r"utleier",
        r"\bleie",
    ),
    _case(
        "sentence",
        "Hva gjør kommunene for bostedsløse med rusproblemer?",
        r"bostedsløs",
        r"rusproblem",
    ),
    _case(
        "sentence",
        "Hvordan kan leietakere kjøpe egen bolig med startlån",
        r"startlån",
        r"leietaker",
    ),
    _case("sentence", "Hva er gjennomstrømning i utleieboliger?", r"gjennomstrømning"),
    _case("sentence", "Bruk av Brukerplan i kommunen", r"brukerplan"),
    # The lists rank below what they list.
    _case("ranking", "erfaringer", r"erfaring", not_first=("Erfaringer",)),
    _case("ranking", "samlinger", r"samling", not_first=("Samlinger",)),
    _case(
        "ranking", "programkommuner", r"programkommune", not_first=("Programkommuner",)
    ),
    # Fragments of words and unrelated words find nothing.
    _case("no match", "ilte"),
    _case("no match", "sial"),
    _case("no match", "olig"),
    _case("no match", "eboli"),
    _case("no match", "tleie"),
    _case("no match", "amling"),
    _case("no match", "rømning"),
    _case("no match", "bank"),
    _case("no match", "sjiraffunge"),
    _case("no match", "kvantefysikk"),
]


@dataclass
class Judgement:
    case: Case
    titles: list
    relevant: set
    suggestion: str | None

    @property
    def found_right(self):
        return sum(1 for title in self.titles[:TOP] if title in self.relevant)

    @property
    def precision(self):
        top = self.titles[:TOP]
        return self.found_right / len(top) if top else 1.0

    @property
    def recall(self):
        if not self.relevant:
            return 1.0
        return self.found_right / min(len(self.relevant), TOP)


def pages():
    """The pages the site search searches (live, public, below the root)."""
    return Page.objects.live().public().filter(depth__gt=1)


def page_texts():
    """Each searchable page's title and text, as the index reads it."""
    return {
        page.title: " ".join(
            text for text, _ in searchable_texts(page, page.get_search_fields())
        )
        for page in pages().specific()
    }


def judge(case, texts):
    """Search as a reader would (following a typo's suggestion) and judge the results."""
    scope = pages()
    query, suggestion = case.query, None
    if case.suggestion:
        results = find(query, scope)
        suggestion = suggest(query, results.unknown, scope)
        query = suggestion or query
    ids = list(find(query, scope).ids)
    titles_by_id = dict(scope.filter(pk__in=ids).values_list("pk", "title"))
    relevant = {
        title
        for title, text in texts.items()
        if case.relevant
        and all(re.search(pattern, text, re.IGNORECASE) for pattern in case.relevant)
    }
    return Judgement(case, [titles_by_id[pk] for pk in ids], relevant, suggestion)


def judge_all():
    texts = page_texts()
    return [judge(case, texts) for case in CASES]


def summary(judgements):
    """Mean precision and recall at 10 over the judgements."""
    count = len(judgements)
    return (
        sum(j.precision for j in judgements) / count,
        sum(j.recall for j in judgements) / count,
    )
