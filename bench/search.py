"""Site search speed: median time and queries for /sok/ with N pages in the index.

Runs against the configured database (DATABASE_URL, or the SQLite file) inside a
transaction that is rolled back, so nothing is left behind. Prints figures; asserts nothing.

    make bench-search     # or: .venv/bin/python bench/search.py 2000
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.common import search_hits  # noqa: E402
from portal.models import StandardPage  # noqa: E402
from portal.site_root import ensure_home_page  # noqa: E402

WORDS = [
    "bostedsløse",
    "utleieboliger",
    "gjennomstrømning",
    "leieavtaler",
    "oppfølging",
    "brukerplan",
    "bostøtte",
    "grunnlån",
    "tilskudd",
    "kommunen",
    "Husbanken",
    "samarbeid",
    "rus",
    "psykisk",
    "helse",
]


class Rollback(Exception):
    pass


def main(count):
    try:
        with transaction.atomic():
            home = ensure_home_page()
            parent = home.add_child(
                instance=StandardPage(title="Benk", slug="benk-sok")
            )
            started = time.perf_counter()
            for number in range(count):
                words = " ".join(WORDS[(number + k) % len(WORDS)] for k in range(12))
                parent.add_child(
                    instance=StandardPage(
                        title=f"Erfaring {number}",
                        slug=f"erfaring-{number}",
                        intro=words,
                    )
                )
            indexing = time.perf_counter() - started
            client = Client(HTTP_HOST="localhost")
            for query in ["bostedsløse", "oppfølging bostøtte", "x" * 200]:
                client.get("/sok/", {"q": query})  # warm up
                timings = []
                for _ in range(15):
                    started = time.perf_counter()
                    with CaptureQueriesContext(connection) as queries:
                        response = client.get("/sok/", {"q": query})
                    timings.append(time.perf_counter() - started)
                print(
                    f"{connection.vendor:10} pages={count:5} query={query[:24]!r:28} "
                    f"median={statistics.median(timings) * 1000:7.1f} ms "
                    f"p90={sorted(timings)[int(len(timings) * 0.9)] * 1000:7.1f} ms "
                    f"queries={len(queries)} status={response.status_code} "
                    f"hits={search_hits(response.content.decode())}"
                )
            print(f"created and indexed {count} pages in {indexing:.1f} s")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
