"""The site search's index, kept by Wagtail like its own (``WAGTAILSEARCH_BACKENDS``).

Wagtail hands every indexed object to each configured backend when it is saved or
deleted (queued as a task), and ``update_index`` hands all of them over again. This
backend keeps pages only: each page's words, analysed once in Python
(``portal.search.norwegian``), become ``SearchTerm`` rows with a weight. Searching is
``portal.search.query``'s; this backend offers no query API of its own.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.index import RelatedFields, SearchField
from wagtail.models import Page

from portal.models import SearchTerm, SearchWord
from portal.search import norwegian

TITLE_WEIGHT = 3.0
PART_SHARE = 0.8  # a compound's part counts a little less than the word itself
REPEATS = 10  # a word's repetitions lift it this many times at most
BATCH = 5000


def _text(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    return strip_tags(force_str(value))


def searchable_texts(obj, fields, weight=1.0):
    """``(text, weight)`` for each search field of ``obj``, related objects' too."""
    for field in fields:
        if isinstance(field, SearchField):
            boost = TITLE_WEIGHT if field.field_name == "title" else field.boost or 1
            yield _text(field.get_value(obj)), weight * boost
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            related = related.all() if hasattr(related, "all") else [related]
            for item in related:
                yield from searchable_texts(item, field.fields, weight)


def page_terms(page):
    """The page's index: each term with its weight, and the words as written."""
    best, count, forms = defaultdict(float), defaultdict(int), {}
    rank = page.search_rank
    for text, weight in searchable_texts(page, page.get_search_fields()):
        for word in norwegian.words(text):
            forms.setdefault(word.form, word)
            for term, share in (
                (word.term, 1.0),
                *((part, PART_SHARE) for part in word.parts),
            ):
                best[term] = max(best[term], weight * share)
                count[term] += 1
    weights = {
        term[:60]: round(rank * best[term] * (1 + 0.05 * min(count[term], REPEATS)), 3)
        for term in best
    }
    return weights, forms.values()


def index_pages(pages):
    """Write the index rows of ``pages`` (specific pages), replacing what they had."""
    rows, words = [], {}
    for page in pages:
        if not page.live:
            continue  # drafts are never searched: their words are not kept either
        weights, forms = page_terms(page)
        published = _day(page)
        rows.extend(
            SearchTerm(page_id=page.pk, term=term, weight=weight, published=published)
            for term, weight in weights.items()
        )
        for word in forms:
            folded = norwegian.fold(word.form)
            if len(folded) <= 60 and word.form.isalpha():
                words.setdefault(folded, (word.form, word.term[:60]))
    with transaction.atomic():
        SearchTerm.objects.filter(page__in=[page.pk for page in pages]).delete()
        SearchTerm.objects.bulk_create(rows, batch_size=BATCH)
        known = set()
        for batch in _chunks(list(words), BATCH):
            known.update(
                SearchWord.objects.filter(word__in=batch).values_list("word", flat=True)
            )
        SearchWord.objects.bulk_create(
            [
                SearchWord(word=folded, form=form, term=term)
                for folded, (form, term) in words.items()
                if folded not in known
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )


def _day(page):
    """The page's own date (an article's), else the day it was first published."""
    day = getattr(page, "date", None)
    if not isinstance(day, datetime.date):
        day = page.first_published_at or timezone.now()
        day = timezone.localdate(day)
    return day.toordinal()


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_page(model):
    return issubclass(model, Page) and model is not Page


class PageIndex(BaseIndex):
    def add_items(self, model, items):
        if _is_page(model):
            index_pages(list(items))

    def delete_item(self, item):
        if _is_page(type(item)):
            SearchTerm.objects.filter(page=item.pk).delete()

    def reset(self):
        SearchTerm.objects.all().delete()
        SearchWord.objects.all().delete()


class PageIndexRebuilder:
    """``update_index``: the whole index anew, in one transaction."""

    def __init__(self, index):
        self.index = index
        self.transaction = transaction.atomic()

    def start(self):
        self.transaction.__enter__()
        self.index.reset()
        return self.index

    def finish(self):
        self.transaction.__exit__(None, None, None)


class NorwegianSearchBackend(BaseSearchBackend):
    index_class = PageIndex
    rebuilder_class = PageIndexRebuilder

    def search(self, *args, **kwargs):
        raise NotImplementedError("Search the site with portal.search.query.")

    autocomplete = search


SearchBackend = NorwegianSearchBackend
