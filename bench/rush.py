"""A registration rush while readers browse: does the rest of the site stay warm?

Run by ``bench.run`` as ``python -m bench.rush PORT`` with the production environment,
the page cache on, while gunicorn serves on PORT and counts the client address from
``X-Forwarded-For`` (``TRUSTED_PROXY_COUNT=1``: each registrant comes from an address
of their own, as from the town halls of a county, so no limit per client refuses them).

Readers (``READERS`` clients, each sending its next request once the last is answered)
open the pages people read: the home page, the lists, articles, practices, a
municipality and the gatherings' list. First for a quiet minute, then for the two
minutes in which ``PEOPLE`` people register for one gathering, evenly spread: each
opens the form, waits the form's minimum fill time and sends it. Prints the readers'
latencies and the share answered from the page cache in each phase, and how the rush
went, as JSON. The gathering is deleted afterwards with its registrations and the
tasks they queued.
"""

import asyncio
import itertools
import json
import re
import sys
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

from bench.burst import create_gathering
from bench.common import django_setup, percentile, person_name, summary_ms
from bench.http1 import Connection

django_setup()

from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from events.models import GatheringIndexPage  # noqa: E402
from learning.models import (  # noqa: E402
    ExperienceArticlePage,
    ExperienceIndexPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
)
from portal.models import MunicipalityPage  # noqa: E402

PEOPLE = 200
RUSH_SECONDS = 120
QUIET_SECONDS = 60
READERS = 4
HEADERS = (("User-Agent", "portal-bench"), ("Accept", "text/html"))
FIELD = r'name="{}"[^>]*value="([^"]*)"'


def reader_paths():
    """What readers open, the most read first: one of each kind of page."""
    pages = [
        GatheringIndexPage.objects.live().order_by("path").first(),
        ExperienceIndexPage.objects.live().order_by("path").first(),
        GoodPracticeIndexPage.objects.live().order_by("path").first(),
        ExperienceArticlePage.objects.live().order_by("-date").first(),
        GoodPracticePage.objects.live().order_by("-date").first(),
        MunicipalityPage.objects.live().order_by("path").first(),
    ]
    return ["/", *(urlsplit(page.url).path for page in pages if page is not None)]


async def read(port, paths, deadline, phase):
    """One reader: the pages in turn until ``deadline``; each answer's time and
    whether the page cache gave it."""
    connection = Connection(port)
    try:
        for path in itertools.cycle(paths):
            if time.perf_counter() >= deadline:
                return
            started = time.perf_counter()
            try:
                response = await connection.request("GET", path, HEADERS)
            except (OSError, asyncio.IncompleteReadError):
                connection.close()
                phase["errors"] += 1
                continue
            phase["seconds"].append(time.perf_counter() - started)
            phase["x_cache"][response.header("x-cache") or "-"] += 1
    finally:
        connection.close()


async def register(port, path, number, stamp, outcome):
    """One person from an address of their own: the form, the minimum fill time, the
    answer."""
    address = f"10.{number // 250}.{number % 250}.{number % 7 + 1}"
    headers = (*HEADERS, ("X-Forwarded-For", address))
    connection = Connection(port)
    try:
        form = await connection.request("GET", path, headers)
        html = form.body.decode()
        fields = {
            name: re.search(FIELD.format(name), html).group(1)
            for name in ("csrfmiddlewaretoken", "started")
        }
        municipality = re.search(r'<option value="(\d+)"', html).group(1)
        cookies = "; ".join(f"{k}={v}" for k, v in form.cookies().items())
        await asyncio.sleep(settings.REGISTRATION_MIN_FILL_SECONDS + 0.2)
        body = urlencode(
            {
                **fields,
                "name": person_name(number),
                "email": f"rush{number}.{stamp}@example.no",
                "municipality": municipality,
                "role": "Rådgiver",
                "consent": "on",
                "website": "",
            }
        ).encode()
        answer = await connection.request(
            "POST",
            path,
            (
                *headers,
                ("Cookie", cookies),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ),
            body,
        )
        outcome[answer.status] += 1
    except (OSError, asyncio.IncompleteReadError, AttributeError) as error:
        outcome[type(error).__name__] += 1
    finally:
        connection.close()


def new_phase():
    return {"seconds": [], "x_cache": Counter(), "errors": 0}


async def rush(port, readers_paths, form_path, stamp):
    quiet, during, outcome = new_phase(), new_phase(), Counter()
    start = time.perf_counter()
    await asyncio.gather(
        *(
            read(port, readers_paths, start + QUIET_SECONDS, quiet)
            for _ in range(READERS)
        )
    )
    start = time.perf_counter()
    gap = RUSH_SECONDS / PEOPLE

    async def person(number):
        await asyncio.sleep(number * gap)
        await register(port, form_path, number, stamp, outcome)

    await asyncio.gather(
        *(
            read(port, readers_paths, start + RUSH_SECONDS, during)
            for _ in range(READERS)
        ),
        *(person(number) for number in range(PEOPLE)),
    )
    return quiet, during, outcome, time.perf_counter() - start


def figures(phase):
    seconds = phase["seconds"]
    served = sum(phase["x_cache"].values())
    return {
        "requests": len(seconds),
        **summary_ms(seconds),
        "p99_ms": round(percentile(seconds, 0.99) * 1000, 2),
        "warm_share": round(phase["x_cache"].get("hit", 0) / served, 3),
        "x_cache": dict(phase["x_cache"]),
        "errors": phase["errors"],
    }


def main(port):
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    began = timezone.now()
    gathering = create_gathering(
        f"Lesere og påmeldinger {stamp}", f"rush-{stamp}", PEOPLE + 50
    )
    try:
        quiet, during, outcome, seconds = asyncio.run(
            rush(port, reader_paths(), urlsplit(gathering.url).path, stamp)
        )
        registered = gathering.registrations.count()
    finally:
        gathering.registrations.all().delete()
        gathering.delete()
        DBTaskResult.objects.filter(enqueued_at__gte=began).delete()
    quiet, during = figures(quiet), figures(during)
    print(
        json.dumps(
            {
                "readers": READERS,
                "people": PEOPLE,
                "rush_seconds": round(seconds, 1),
                "registered": registered,
                "answers": {str(status): count for status, count in outcome.items()},
                "quiet": quiet,
                "rush": during,
                "p95_ratio": round(during["p95_ms"] / quiet["p95_ms"], 2),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
