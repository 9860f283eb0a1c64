"""A registration burst through gunicorn: 200 people, 50 seats, one office address.

Run by ``bench.run`` as ``python -m bench.burst PORT PID`` with the production
environment while gunicorn (master process PID) serves on PORT; prints its figures as
JSON, with the CPU the server and PostgreSQL spent per POST. A fresh gathering
with 50 seats and a waiting list is created for the run and deleted afterwards with its
registrations (and the e-mail tasks they queued), so the database keeps its size.

Everyone first opens the form in a session of their own (the CSRF cookie and token, the
signed time the form was shown); after the form's minimum fill time all POSTs start
together, from 127.0.0.1 like a town hall behind one address. The limits are the
defaults. The shared cache is emptied first, so every run starts with fresh limit
windows, as a town hall's first burst of the day would.
"""

import asyncio
import datetime
import json
import os
import re
import sys
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

from bench.common import django_setup, person_name
from bench.cpu import Meter, per_request
from bench.http1 import Connection

django_setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from events.models import GatheringIndexPage, GatheringPage  # noqa: E402

PEOPLE = 200
SEATS = 50
FIELD = r'name="{}"[^>]*value="([^"]*)"'


def create_gathering(title, slug, capacity):
    """A gathering a month ahead with ``capacity`` seats and a waiting list, in the
    first gathering index, for a run to register for and delete afterwards."""
    index = GatheringIndexPage.objects.live().order_by("path").first()
    start = timezone.now() + datetime.timedelta(days=30)
    return index.add_child(
        instance=GatheringPage(
            title=title,
            slug=slug,
            kind="fagsamling",
            start=start,
            end=start + datetime.timedelta(hours=6),
            capacity=capacity,
            waiting_list=True,
        )
    )


class Person:
    """One participant's session: the form as they got it, then their registration."""

    def __init__(self, port, number, stamp):
        self.connection = Connection(port)
        self.number, self.stamp = number, stamp
        self.cookies, self.fields = {}, {}
        self.status = None

    def _cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    async def open_form(self, path):
        response = await self.connection.request("GET", path)
        self.cookies.update(response.cookies())
        html = response.body.decode()
        self.fields = {
            name: re.search(FIELD.format(name), html).group(1)
            for name in ("csrfmiddlewaretoken", "started")
        }
        self.municipality = re.search(r'<option value="(\d+)"', html).group(1)
        self.connection.close()

    async def register(self, path, start):
        await self.connection.open()
        body = urlencode(
            {
                **self.fields,
                "name": person_name(self.number),
                "email": f"deltaker{self.number}.{self.stamp}@example.no",
                "municipality": self.municipality,
                "role": "Rådgiver",
                "consent": "on",
                "website": "",
            }
        ).encode()
        await start.wait()
        try:
            response = await self.connection.request(
                "POST",
                path,
                (
                    ("Cookie", self._cookie_header()),
                    ("Content-Type", "application/x-www-form-urlencoded"),
                ),
                body,
            )
            self.status = response.status
        except (OSError, asyncio.IncompleteReadError) as error:
            self.status = type(error).__name__
        finally:
            self.connection.close()
        return time.perf_counter()


async def _burst(port, path, stamp, meter):
    people = [Person(port, number, stamp) for number in range(PEOPLE)]
    await asyncio.gather(*(person.open_form(path) for person in people))
    # The form refuses what is sent sooner than a person could fill it in.
    await asyncio.sleep(settings.REGISTRATION_MIN_FILL_SECONDS + 0.5)
    start = asyncio.Event()
    posts = [asyncio.create_task(person.register(path, start)) for person in people]
    await asyncio.sleep(0.5)  # every connection is open and waiting
    meter.start()
    started = time.perf_counter()
    start.set()
    finished = max(await asyncio.gather(*posts))
    return people, finished - started, meter.stop()


def main(port, server_pid):
    cache.clear()
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    began = timezone.now()
    gathering = create_gathering(
        f"Påmeldingsrush {stamp}", f"pameldingsrush-{stamp}", SEATS
    )
    try:
        meter = Meter(server_pid, os.environ["DATABASE_URL"])
        path = urlsplit(gathering.url).path
        people, seconds, cpu = asyncio.run(_burst(port, path, stamp, meter))
        statuses = Counter(str(person.status) for person in people)
        states = dict(
            gathering.registrations.values_list("status")
            .annotate(count=Count("pk"))
            .order_by()
        )
    finally:
        gathering.registrations.all().delete()
        gathering.delete()
        DBTaskResult.objects.filter(enqueued_at__gte=began).delete()
    registered = sum(states.values())
    print(
        json.dumps(
            {
                "people": PEOPLE,
                "seats": SEATS,
                "seconds": round(seconds, 2),
                "requests_per_second": round(PEOPLE / seconds, 1),
                "registrations_per_second": round(registered / seconds, 1),
                "statuses": dict(statuses),
                # Nobody confirms from the e-mail in the burst: seats are only held.
                "holding_unconfirmed": states.get("unconfirmed", 0),
                "waiting_unconfirmed": states.get("unconfirmed_waiting", 0),
                "confirmed": states.get("confirmed", 0),
                "waiting": states.get("waiting", 0),
                "registrations": registered,
                "limit_per_client": "/".join(
                    map(str, settings.REGISTRATION_LIMIT_PER_CLIENT)
                ),
                **per_request(*cpu, PEOPLE),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
