"""Which statements PostgreSQL keeps prepared (portal.planning)."""

import pytest
from django.db import connection
from wagtail.models import Page

from portal.models import SearchTerm

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_repeated_statement_is_prepared_but_never_a_searchs():
    for depth in range(1, 4):
        list(Page.objects.filter(depth=depth).values_list("pk", flat=True))
        list(
            SearchTerm.objects.filter(term=f"bolig{depth}").values_list(
                "page_id", flat=True
            )
        )
    statements = prepared_statements()
    assert any('"wagtailcore_page"."depth" = $1' in text for text in statements)
    assert not [text for text in statements if "portal_searchterm" in text]
