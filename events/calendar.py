"""Calendar files (RFC 5545) for one gathering and for all upcoming gatherings.

Times are written in Europe/Oslo with the zone's rules included (VTIMEZONE), so any
calendar program shows the local time, also across the change to summer time.

A gathering is one event (one ``UID``) in every file. Its ``SEQUENCE`` rises when the
gathering gets a new time or place or is cancelled (``GatheringPage.calendar_sequence``),
and a participant's own copy rises once more for each cancellation and each new
registration of their address (``participant_sequence``), so the file a person gets
last always wins in their calendar: a move moves the date, a cancel removes it.
"""

import datetime
import zoneinfo

from django.utils import timezone

from events.models import Registration, RegistrationStatus

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
PRODUCT_ID = "-//Husbanken//Boligsosialt velferdsprogram//NO"
OSLO_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Oslo",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape(text):
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        limit = 75 if not parts else 74
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _local(moment):
    # Oslo explicitly, not the active time zone: the TZID below says Europe/Oslo.
    return timezone.localtime(moment, OSLO).strftime("%Y%m%dT%H%M%S")


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(gathering, request=None, now=None, sequence=None, cancelled=False):
    url = gathering.get_full_url(request) or ""
    location = ", ".join(part for part in (gathering.venue, gathering.address) if part)
    if not location and gathering.online_url:
        location = gathering.online_url
    lines = [
        "BEGIN:VEVENT",
        f"UID:gathering-{gathering.pk}@boligsosialt-velferdsprogram",
        f"DTSTAMP:{_utc(now or timezone.now())}",
        f"SEQUENCE:{gathering.calendar_sequence if sequence is None else sequence}",
        f"DTSTART;TZID=Europe/Oslo:{_local(gathering.start)}",
        f"DTEND;TZID=Europe/Oslo:{_local(gathering.end)}",
        f"SUMMARY:{escape(gathering.title)}",
    ]
    if gathering.intro:
        lines.append(f"DESCRIPTION:{escape(gathering.intro)}")
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    if url:
        lines.append(f"URL:{url}")
    cancelled = cancelled or gathering.cancelled
    lines.append("STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def calendar(
    gatherings, request=None, name="", now=None, method="PUBLISH", sequence=None
):
    """A whole VCALENDAR as text with CRLF line ends.

    ``method="CANCEL"`` takes the events out of a calendar; ``sequence`` overrides the
    gatherings' own (for one participant's copy).
    """
    cancel = method == "CANCEL"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    lines.append("X-WR-TIMEZONE:Europe/Oslo")
    lines.extend(OSLO_VTIMEZONE)
    for gathering in gatherings:
        lines.extend(
            event_lines(
                gathering, request=request, now=now, sequence=sequence, cancelled=cancel
            )
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


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
    )
    return text, method
