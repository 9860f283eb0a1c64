"""Site search quality: precision and recall at 10 over the quality set, on one database.

Loads the demo content into the configured database (DATABASE_URL, or the SQLite file)
inside a transaction that is rolled back, runs every query of ``tests/search_quality.py``
and prints the figures per kind of query and in all. Prints figures; asserts nothing (the
targets are asserted by ``tests/portal/test_search_quality.py``).

    make bench-search-quality     # SQLite, then PostgreSQL
"""

import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tests.search_quality import judge_all, summary  # noqa: E402

TARGETS = {"precision": 0.9, "recall": 0.95}


class Rollback(Exception):
    pass


def report(judgements):
    by_kind = defaultdict(list)
    for judgement in judgements:
        by_kind[judgement.case.kind].append(judgement)
    print(f"Search quality on {connection.vendor}, {len(judgements)} queries")
    print(f"  {'kind':15} {'queries':>7} {'precision@10':>13} {'recall@10':>10}")
    for kind, group in by_kind.items():
        precision, recall = summary(group)
        print(f"  {kind:15} {len(group):7} {precision:13.3f} {recall:10.3f}")
    precision, recall = summary(judgements)
    print(f"  {'all':15} {len(judgements):7} {precision:13.3f} {recall:10.3f}")
    for name, value in (("precision", precision), ("recall", recall)):
        verdict = "met" if value >= TARGETS[name] else "MISSED"
        print(f"  {name} at 10: {value:.3f} (target ≥ {TARGETS[name]}) {verdict}")
    for judgement in judgements:
        if judgement.precision < 1 or judgement.recall < 1:
            print(
                f"  imperfect: {judgement.case.query!r} precision "
                f"{judgement.precision:.2f} recall {judgement.recall:.2f}"
            )


def main():
    try:
        with transaction.atomic():
            call_command("load_demo_content", verbosity=0)
            report(judge_all())
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
