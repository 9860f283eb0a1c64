"""Searching the site's index (``SearchTerm``) with the same analysis as the pages had.

A query is its words, stop words left out (``portal.search.norwegian``), and a page matches
a word when it has the word's stem, whole or as a part of a compound (``bolig`` finds
``utleieboliger``). With one or two words a page must match them all. A longer query (a
question typed as a sentence) finds the pages that match most of it: the words it matches
must carry at least ``SENTENCE_COVERAGE`` of the query's weight, each word weighing by how
rare it is (``kommunen`` is on nearly every page, ``rusproblemer`` is not).

The best first: the sum, over the words a page matches, of the word's weight on the page
(title and themes above body text, content above index pages) times its rarity, with a
slight lift for recent pages.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Length
from django.utils import timezone
from wagtail.models import Page

from portal import content_version
from portal.models import SearchTerm, SearchWord
from portal.search import norwegian

SENTENCE_COVERAGE = 0.6
RECENT_DAYS = 3 * 365  # pages younger than this are lifted, the newest by RECENT_LIFT
RECENT_LIFT = 0.1
FEW_HITS = 3  # fewer hits than this, and an unknown word gets a suggestion


@dataclass
class Results:
    """The matching page ids, best first, and a suggestion for unknown words."""

    ids: list = field(default_factory=list)
    unknown: list = field(default_factory=list)

    def __len__(self):
        return len(self.ids)


def query_words(query):
    """The query's analysed words, each once."""
    return list({word.term: word for word in norwegian.words(query)}.values())


def _page_count():
    return content_version.cached(
        ("search-pages",), lambda: Page.objects.live().count(), 24 * 3600
    )


def find(query, pages):
    """The ids of ``pages`` (a queryset) that match ``query``, best first."""
    words = query_words(query)
    if not words:
        return Results()
    rows = SearchTerm.objects.filter(
        term__in={word.term for word in words}, page__in=pages.values("pk")
    ).values_list("page_id", "term", "weight", "page__first_published_at")
    weights, published = defaultdict(dict), {}
    for page, term, weight, first_published in rows:
        weights[term][page] = weight
        published[page] = first_published

    total = max(_page_count(), 1)
    rarity = {term: math.log(1 + total / len(found)) for term, found in weights.items()}
    needed = sum(rarity.values()) * (1 if len(rarity) <= 2 else SENTENCE_COVERAGE)
    now = timezone.now()
    scored = []
    for page, first_published in published.items():
        matched = [term for term in weights if page in weights[term]]
        if sum(rarity[term] for term in matched) < needed - 1e-9:
            continue
        score = sum(weights[term][page] * rarity[term] for term in matched)
        scored.append((score * _recency(first_published, now), page))
    scored.sort(reverse=True)
    unknown = [word.form for word in words if word.term not in weights]
    return Results([page for _, page in scored], unknown)


def _recency(first_published, now):
    if first_published is None:
        return 1.0
    age = (now - first_published).days
    return 1 + RECENT_LIFT * max(0.0, 1 - age / RECENT_DAYS)


def suggest(query, unknown, pages):
    """The query with each unknown word replaced by the nearest word the pages use, or
    ``None`` when no word is near enough ("Mente du …?")."""
    replacements = {}
    for form in unknown:
        nearest = _nearest_word(form, pages)
        if nearest:
            replacements[form] = nearest
    if not replacements:
        return None
    return " ".join(
        replacements.get(word.lower(), word) for word in norwegian.WORD.findall(query)
    )


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
