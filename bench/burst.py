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

A registration holds its seat (or its place in the queue) until its owner confirms it
from the link in the e-mail. So then everyone confirms at once, as if the e-mails
arrived together: each opens their registration's page from the link and presses
«Bekreft». Seats go to the confirmed as they confirm; what the gathering holds then is
the outcome: every seat taken, the rest on the waiting list, nobody lost.
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

from events.models import (  # noqa: E402
    GatheringIndexPage,
    GatheringPage,
    RegistrationStatus,
)

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
        self.number = number
        self.email = f"deltaker{number}.{stamp}@example.no"
        self.cookies, self.fields = {}, {}
        self.status = self.confirmed = None

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
                "email": self.email,
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

    async def confirm(self, token, start):
        """Open the registration from the e-mail's link, then press «Bekreft»."""
        page = f"/pamelding/{token}/"
        await self.connection.open()
        try:
            response = await self.connection.request(
                "GET", page, (("Cookie", self._cookie_header()),)
            )
            self.cookies.update(response.cookies())
            csrf = re.search(
                FIELD.format("csrfmiddlewaretoken"), response.body.decode()
            ).group(1)
            await start.wait()
            response = await self.connection.request(
                "POST",
                f"{page}bekreft/",
                (
                    ("Cookie", self._cookie_header()),
                    ("Content-Type", "application/x-www-form-urlencoded"),
                ),
                urlencode({"csrfmiddlewaretoken": csrf}).encode(),
            )
            self.confirmed = response.status
        except (OSError, asyncio.IncompleteReadError) as error:
            self.confirmed = type(error).__name__
        finally:
            self.connection.close()
        return time.perf_counter()


async def _confirm_all(people, tokens):
    """Everyone confirms together; the seconds from the first POST to the last answer."""
    start = asyncio.Event()
    confirms = [
        asyncio.create_task(person.confirm(tokens[person.email], start))
        for person in people
        if person.email in tokens
    ]
    await asyncio.sleep(0.5)  # every page is open
    started = time.perf_counter()
    start.set()
    finished = max(await asyncio.gather(*confirms))
    return finished - started


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


def _states(gathering):
    """How many of the gathering's registrations are in each status."""
    return dict(
        gathering.registrations.values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )


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
        held = _states(gathering)
        tokens = dict(gathering.registrations.values_list("email", "token"))
        confirm_seconds = asyncio.run(_confirm_all(people, tokens))
        confirm_statuses = Counter(str(person.confirmed) for person in people)
        states = _states(gathering)
    finally:
        gathering.registrations.all().delete()
        gathering.delete()
        DBTaskResult.objects.filter(enqueued_at__gte=began).delete()
    registered = sum(held.values())
    print(
        json.dumps(
            {
                "people": PEOPLE,
                "seats": SEATS,
                "seconds": round(seconds, 2),
                "requests_per_second": round(PEOPLE / seconds, 1),
                "registrations_per_second": round(registered / seconds, 1),
                "statuses": dict(statuses),
                # After the burst, before anyone confirmed: seats are only held.
                "holding_unconfirmed": held.get(RegistrationStatus.UNCONFIRMED, 0),
                "waiting_unconfirmed": held.get(
                    RegistrationStatus.UNCONFIRMED_WAITING, 0
                ),
                "registrations": registered,
                # Once everyone confirmed from the e-mail's link.
                "confirm_seconds": round(confirm_seconds, 2),
                "confirmations_per_second": round(len(tokens) / confirm_seconds, 1),
                "confirm_statuses": dict(confirm_statuses),
                "confirmed": states.get(RegistrationStatus.CONFIRMED, 0),
                "waiting": states.get(RegistrationStatus.WAITING, 0),
                "still_unconfirmed": sum(
                    states.get(status, 0)
                    for status in (
                        RegistrationStatus.UNCONFIRMED,
                        RegistrationStatus.UNCONFIRMED_WAITING,
                    )
                ),
                "limit_per_client": "/".join(
                    map(str, settings.REGISTRATION_LIMIT_PER_CLIENT)
                ),
                **per_request(*cpu, PEOPLE),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
