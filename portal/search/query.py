"""Searching the site's index (``SearchTerm``) with the same analysis as the pages had.

A query is its words, stop words left out (``portal.search.norwegian``), and a page matches
a word when it has the word's stem, whole or as a part of a compound (``bolig`` finds
``utleieboliger``). With one or two words a page must match them all. A longer query (a
question typed as a sentence) finds the pages that match most of it: the words it matches
must carry at least ``SENTENCE_COVERAGE`` of the query's weight, each word weighing by how
rare it is (``kommunen`` is on nearly every page, ``rusproblemer`` is not). A word that no
page has is left out of that weight; when nothing is found and a word is unknown,
``find_corrected`` searches for the nearest words the pages use instead, as the site
search shows.

The API's ``search_operator`` asks for another rule: ``and``, every word (that some page
has); ``or``, any one of them.

The best first: the sum, over the words a page matches, of the word's weight on the page
(title and themes above body text, content above index pages) times its rarity, with a
slight lift for recent pages.

Which words are known, and how rare they are, is counted over the pages anyone may find
(``findable_pages``) only. The index also holds live pages behind a view restriction; were
their words counted, a word only they have would be a known word that no public page
matches, and ``bolig <that word>`` would find nothing instead of what ``bolig`` finds,
telling that a hidden page has the word.
"""

import hashlib
import math
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Max,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Greatest, Length
from django.utils import timezone
from wagtail.models import Page

from portal import content_version, public_pages
from portal.models import SearchTerm, SearchWord
from portal.search import norwegian

SENTENCE_COVERAGE = 0.6
RECENT_DAYS = 3 * 365  # pages younger than this are lifted, the newest by RECENT_LIFT
RECENT_LIFT = 0.1
FEW_HITS = 3  # fewer hits than this, and an unknown word gets a suggestion
# Terms of the field in English that readers type as they are: spelt right, so never
# "corrected" to the nearest Norwegian word (``first`` is not a typo of ``først``).
KNOWN_TERMS = (
    "housing first",
    "housing led",
    "assertive community treatment",
    "critical time intervention",
    "individual placement and support",
    "case management",
    "recovery",
)
# How much of a query's weight a page must match, by the API's ``search_operator``.
OPERATOR_SHARES = {"and": 1, "or": 0}
_KNOWN_WORDS = frozenset(
    norwegian.fold(word) for term in KNOWN_TERMS for word in term.split()
)


@dataclass
class Results:
    """The matching page ids, best first (a lazy queryset: the database ranks and
    counts them, and only the page shown is read), and the words nothing has."""

    ids: object = field(default_factory=list)
    unknown: list = field(default_factory=list)


@dataclass
class Correction:
    """A query with its unknown words corrected, and what it finds."""

    query: str
    results: Results


def query_words(query):
    """The query's analysed words, each once."""
    return list({word.term: word for word in norwegian.words(query)}.values())


def findable_pages():
    """The pages anyone may find: live, with no view restriction (password, groups,
    login) on them or on a page above them."""
    return Page.objects.live().filter(public_pages.public()).filter(depth__gt=1)


def _page_count():
    return content_version.cached(
        ("search-public-pages",), lambda: findable_pages().count(), 24 * 3600
    )


def _pages_per_term(terms):
    """How many public pages have each of ``terms`` (those that none has are left out).

    Kept under the content version, which a page published, unpublished, moved or
    deleted and a view restriction saved or deleted raise (``content_version.connect``).
    """
    return content_version.cached(
        (
            "search-public-terms",
            hashlib.sha256(" ".join(terms).encode()).hexdigest(),
        ),
        lambda: dict(
            SearchTerm.objects.filter(
                term__in=terms, page__in=findable_pages().values("pk")
            )
            .values("term")
            .annotate(pages=Count("*"))
            .values_list("term", "pages")
        ),
        24 * 3600,
    )


def find(query, pages, operator=None):
    """The ids of ``pages`` (a queryset) that match ``query``, best first.

    ``operator`` (``"and"``, ``"or"``) replaces the rule for how many of the words a
    page must match; ``None`` is the site search's.
    """
    words = query_words(query)
    if not words:
        return Results()
    found = _pages_per_term(sorted({word.term for word in words}))
    unknown = [word.form for word in words if word.term not in found]
    if not found:
        return Results(
            SearchTerm.objects.none().values_list("page_id", flat=True), unknown
        )
    total = max(_page_count(), *found.values())
    rarity = {term: math.log(1 + total / count) for term, count in found.items()}
    share = OPERATOR_SHARES.get(operator, 1 if len(rarity) <= 2 else SENTENCE_COVERAGE)
    needed = sum(rarity.values()) * share

    def per_term(value):
        return Sum(
            Case(
                *(When(term=term, then=value(term)) for term in rarity),
                output_field=FloatField(),
            )
        )

    age = Value(timezone.localdate().toordinal()) - Max("published")
    recency = 1 + RECENT_LIFT * Greatest(Value(0.0), 1 - age / Value(RECENT_DAYS * 1.0))
    ids = (
        SearchTerm.objects.filter(term__in=rarity, page__in=pages.values("pk"))
        .values("page_id")
        .annotate(
            coverage=per_term(lambda term: Value(rarity[term])),
            score=per_term(lambda term: F("weight") * rarity[term]),
        )
        .filter(coverage__gte=needed - 1e-6)
        .annotate(rank=F("score") * recency)
        .order_by("-rank", "-page_id")
        .values_list("page_id", flat=True)
    )
    return Results(ids, unknown)


def find_corrected(query, pages, operator=None):
    """What the site search lists for ``query``: what ``find`` finds or, when that is
    nothing and a word is unknown, what its confident correction (``correct``) finds.

    Returns the results and the corrected query (``None`` when it was not corrected).
    """
    results = find(query, pages, operator)
    if results.unknown and not results.ids.exists():
        correction = correct(query, results.unknown, pages, operator)
        if correction:
            return correction.results, correction.query
    return results, None


def correct(query, unknown, pages, operator=None):
    """The query with every unknown word replaced by the nearest word the pages use,
    with what it finds, or ``None`` when the correction is not confident.

    Confident: every unknown word has a near word (a half-corrected query, "housing
    først", finds nothing and reads as nonsense), none of them is a known term of
    another language, and the corrected query finds something in ``pages``.
    """
    replacements = {}
    for form in unknown:
        nearest = None if _known_term(form) else _nearest_word(form, pages)
        if not nearest:
            return None
        replacements[form] = nearest
    if not replacements:
        return None
    corrected = " ".join(
        replacements.get(word.lower(), word) for word in norwegian.WORD.findall(query)
    )
    results = find(corrected, pages, operator)
    if not isinstance(results.ids, QuerySet) or not results.ids.exists():
        return None  # no words left (a stop word), or nothing found
    return Correction(corrected, results)


def suggest(query, unknown, pages):
    """The confident correction of ``query`` (``correct``) as text ("Mente du …?"), or
    ``None``."""
    correction = correct(query, unknown, pages)
    return correction.query if correction else None


def _known_term(form):
    return norwegian.fold(form) in _KNOWN_WORDS


def _nearest_word(form, pages):
    folded = norwegian.fold(form)
    if len(folded) < 4 or not folded.isalpha():
        return None
    most = 1 if len(folded) < 7 else 2
    candidates = (
        SearchWord.objects.annotate(length=Length("word"))
        .filter(
            word__gte=folded[0],
            word__lt=chr(ord(folded[0]) + 1),
            length__gte=len(folded) - most,
            length__lte=len(folded) + most,
        )
        .values_list("word", "form", "term")
    )
    near = {}
    for word, written, term in candidates:
        distance = edit_distance(folded, word, most)
        if distance <= most:
            near[written] = (distance, term)
    if not near:
        return None
    used = dict(
        SearchTerm.objects.filter(
            term__in={term for _, term in near.values()}, page__in=pages.values("pk")
        )
        .values("term")
        .annotate(pages=Count("page"))
        .values_list("term", "pages")
    )
    ranked = sorted(
        (distance, -used[term], written)
        for written, (distance, term) in near.items()
        if used.get(term)
    )
    return ranked[0][2] if ranked else None


def edit_distance(a, b, most):
    """Optimal string alignment distance (a swap of two letters is one edit), or
    ``most + 1`` as soon as it is certain to be more than ``most``."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char_a != char_b),
            )
            if (
                previous2 is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > most:
            return most + 1
        previous2, previous = previous, current
    return previous[-1]
