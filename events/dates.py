"""How a gathering's time is written for people: the one formatter for its dates.

Pages, e-mails, listings and exports all call ``gathering_dates``, so a gathering over
two days reads as two days everywhere. Times are local (Europe/Oslo), month and
weekday names in bokmål:

- one day: «onsdag 10. mars 2027 kl. 10:00–15:00»
- several days: «onsdag 10. mars kl. 10:00 – torsdag 11. mars 2027 kl. 15:00»
  (the year on both sides when the gathering runs into a new year)
- dates only (``times=False``, for listings): «10. mars 2027», «10.–11. mars 2027»,
  «30. mars – 2. april 2027», «31. desember 2026 – 1. januar 2027»
"""

from django.utils import timezone
from django.utils.dateformat import format as date_format

WITH_TIME = "l j. F Y \\k\\l. H:i"
WITH_TIME_NO_YEAR = "l j. F \\k\\l. H:i"


def gathering_dates(start, end, *, times=True):
    """The span from ``start`` to ``end`` as bokmål text."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    same_day = start.date() == end.date()
    same_year = start.year == end.year
    if times:
        if same_day:
            return (
                f"{date_format(start, 'l j. F Y')} kl. "
                f"{date_format(start, 'H:i')}–{date_format(end, 'H:i')}"
            )
        first = date_format(start, WITH_TIME_NO_YEAR if same_year else WITH_TIME)
        return f"{first} – {date_format(end, WITH_TIME)}"
    if same_day:
        return date_format(start, "j. F Y")
    last = date_format(end, "j. F Y")
    if same_year and start.month == end.month:
        return f"{date_format(start, 'j.')}–{last}"
    first = "j. F" if same_year else "j. F Y"
    return f"{date_format(start, first)} – {last}"
