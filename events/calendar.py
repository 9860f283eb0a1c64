"""Calendar files (RFC 5545) for one gathering and for all upcoming gatherings.

Times are written in Europe/Oslo with the zone's rules included (VTIMEZONE, made by
``icalendar`` from the tz database for the dates the file covers), so any calendar
program shows the local time, also across the change to summer time.

A gathering is one event (one ``UID``) in every file. Its ``SEQUENCE`` rises when the
gathering gets a new time or place or is cancelled (``GatheringPage.calendar_sequence``),
and a participant's own copy rises once more for each cancellation and each new
registration of their address (``participant_sequence``), so the file a person gets
last always wins in their calendar: a move moves the date, a cancel removes it.
"""

import datetime
import zoneinfo

import icalendar
from django.utils import timezone

from events.models import Registration, RegistrationStatus

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
PRODUCT_ID = "-//Husbanken//Boligsosialt velferdsprogram//NO"


def event(
    gathering,
    request=None,
    now=None,
    sequence=None,
    cancelled=False,
    meeting_link="",
):
    """The gathering as one VEVENT. ``meeting_link`` is the digital meeting's link,
    in a confirmed digital participant's own copy only: never in a public file."""
    location = ", ".join(part for part in (gathering.venue, gathering.address) if part)
    if meeting_link:
        location = meeting_link
    cancelled = cancelled or gathering.cancelled
    vevent = icalendar.Event()
    vevent.add("UID", f"gathering-{gathering.pk}@boligsosialt-velferdsprogram")
    vevent.add("DTSTAMP", (now or timezone.now()).astimezone(datetime.UTC))
    vevent.add(
        "SEQUENCE", gathering.calendar_sequence if sequence is None else sequence
    )
    # Oslo explicitly, not the active time zone: the calendar's VTIMEZONE is Oslo's.
    vevent.add("DTSTART", timezone.localtime(gathering.start, OSLO))
    vevent.add("DTEND", timezone.localtime(gathering.end, OSLO))
    vevent.add("SUMMARY", gathering.title)
    if gathering.intro:
        vevent.add("DESCRIPTION", gathering.intro)
    if location:
        vevent.add("LOCATION", location)
    if url := gathering.get_full_url(request):
        vevent.add("URL", url)
    vevent.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    return vevent


def calendar(
    gatherings,
    request=None,
    name="",
    now=None,
    method="PUBLISH",
    sequence=None,
    meeting_link="",
):
    """A whole VCALENDAR as text (CRLF line ends, long lines folded).

    ``method="CANCEL"`` takes the events out of a calendar; ``sequence`` and
    ``meeting_link`` are for one participant's copy (``participant_calendar``).
    """
    cancel = method == "CANCEL"
    vcalendar = icalendar.Calendar()
    vcalendar.add("VERSION", "2.0")
    vcalendar.add("PRODID", PRODUCT_ID)
    vcalendar.add("CALSCALE", "GREGORIAN")
    vcalendar.add("METHOD", method)
    if name:
        vcalendar.add("X-WR-CALNAME", icalendar.vText(name))
    vcalendar.add("X-WR-TIMEZONE", "Europe/Oslo")
    gatherings = list(gatherings)
    for gathering in gatherings:
        vcalendar.add_component(
            event(
                gathering,
                request=request,
                now=now,
                sequence=sequence,
                cancelled=cancel,
                meeting_link=meeting_link,
            )
        )
    if gatherings:
        # The zone's observances from the first start to the last end, nothing more.
        first = min(timezone.localtime(g.start, OSLO).date() for g in gatherings)
        last = max(timezone.localtime(g.end, OSLO).date() for g in gatherings)
        vcalendar.add_missing_timezones(
            first_date=first, last_date=last + datetime.timedelta(days=1)
        )
    return vcalendar.to_ical().decode("utf-8")


def participant_sequence(registration):
    """The ``SEQUENCE`` of the gathering's event in this person's calendar.

    Each cancellation of the address raises it twice: once for the cancel itself, once
    more for a later registration, so a new confirmation is not taken as older than
    the cancel before it.
    """
    cancellations = Registration.objects.filter(
        gathering_id=registration.gathering_id,
        email=registration.email,
        status=RegistrationStatus.CANCELLED,
        pk__lte=registration.pk,
    ).count()
    own = 2 * cancellations
    if registration.status == RegistrationStatus.CANCELLED:
        own -= 1
    return registration.gathering.calendar_sequence + own


def participant_calendar(registration, request=None):
    """``(text, method)`` of the file for one person: the event for a seat, a CANCEL
    for a cancelled registration or a cancelled gathering."""
    gathering = registration.gathering
    cancel = gathering.cancelled or registration.status == RegistrationStatus.CANCELLED
    method = "CANCEL" if cancel else "PUBLISH"
    text = calendar(
        [gathering],
        request=request,
        name=gathering.title,
        method=method,
        sequence=participant_sequence(registration),
        meeting_link="" if cancel else registration.meeting_link(),
    )
    return text, method
