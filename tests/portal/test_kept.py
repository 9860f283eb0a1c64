"""Counts kept in the database until the content changes (portal.kept)."""

import pytest

from portal import content_version, kept
from portal.models import KeptCounts

pytestmark = pytest.mark.django_db


def test_counts_are_kept_until_the_content_changes():
    calls = []

    def count():
        calls.append(1)
        return {"tema": [["bolig", "Bolig", len(calls)]]}

    assert kept.counted("liste", count) == {"tema": [["bolig", "Bolig", 1]]}
    assert kept.counted("liste", count) == {"tema": [["bolig", "Bolig", 1]]}
    assert len(calls) == 1
    content_version.raise_now_and_after_commit()
    assert kept.counted("liste", count) == {"tema": [["bolig", "Bolig", 2]]}
    assert KeptCounts.objects.get(key="liste").counts == {
        "tema": [["bolig", "Bolig", 2]]
    }


def test_a_transaction_is_counted_again_once(django_capture_on_commit_callbacks):
    counted = []
    kept.recount_after_change(lambda: counted.append(kept.changes()))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                content_version.raise_now_and_after_commit()
    finally:
        kept._recounts.pop()
    assert counted == [kept.changes()]


def test_each_change_within_a_transaction_retires_what_was_counted_before():
    assert kept.counted("liste", lambda: {"n": 1}) == {"n": 1}
    content_version.raise_now_and_after_commit()
    assert kept.counted("liste", lambda: {"n": 2}) == {"n": 2}
    content_version.raise_now_and_after_commit()
    assert kept.counted("liste", lambda: {"n": 3}) == {"n": 3}
