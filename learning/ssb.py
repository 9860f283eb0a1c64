"""Import of Statistics Norway (SSB) tables, such as KOSTRA's per-municipality figures.

The portal shows SSB's official figures beside the programme municipalities' own results,
so readers can compare a municipality with the whole country. SSB's PxWebApi returns
tables as JSON-stat 2.0 datasets; this module reads one statistic (one *contents code*)
out of such a dataset as (region, year, value) triples and stores them in
``StatisticsTable`` and ``StatisticsFigure``.

Regions are stored as four-digit municipality numbers, or ``"0"`` for the whole country
(SSB's ``0``, ``EAK`` and ``EAKUO``); a ``K-`` prefix is dropped, and any other region
(counties, KOSTRA groups) is skipped. Missing values (``null``) are skipped.

An import is an idempotent upsert in one transaction: importing the same dataset twice
changes no figure. Figures absent from a later import are kept (SSB rarely withdraws a
figure, and a narrower import must not erase a wider one), except when the table's
contents code changes (the old figures measured something else and are replaced) or
the import is told to ``replace`` the table. An import never destroys what it cannot
replace: one that yields no figures, or fewer than half as many as the table holds, is
refused (``ImportRefused``) and changes nothing unless ``replace`` is given; whatever an
import deletes is reported first.

Files that cannot be SSB's tables for Norway are refused with a message in bokmål: no
Norwegian municipality or whole country among the regions, two different values for one
region and year, years outside ``FIRST_YEAR``..next year, or more than ``MAX_BYTES``.

``manage.py import_ssb`` is the command-line entry point; ``fetch`` is the only function
that talks to the network.
"""

import datetime
import json
import math
import re
import urllib.request
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from learning.models import StatisticsFigure, StatisticsTable
from portal.municipalities_no import MUNICIPALITIES

API_URL = "https://data.ssb.no/api/v0/no/table/{table_id}/"
TIMEOUT = 30  # seconds

NATIONAL_CODES = ("0", "EAK", "EAKUO")  # in order of preference
MUNICIPALITY = re.compile(r"^\d{4}$")
YEAR = re.compile(r"^\d{4}$")
TABLE_ID = re.compile(r"^[0-9A-Za-z]{1,20}$")

# Role in JSON-stat, and the name SSB gives the dimension when a dataset has no roles.
REGION, CONTENTS, TIME = ("geo", "Region"), ("metric", "ContentsCode"), ("time", "Tid")

CENTS = Decimal("0.01")
# StatisticsFigure.value is a DecimalField(max_digits=14, decimal_places=2).
LIMIT = Decimal(10) ** 12

TITLE_LENGTH = StatisticsTable._meta.get_field("title").max_length
UNIT_LENGTH = StatisticsTable._meta.get_field("unit").max_length

# One statistic of a KOSTRA table for every region and year is well under 1 MB, and
# the JSON-stat dataset a few levels deep. Reading JSON takes about 100 times its size
# in memory and time grows with it (a 27.6 MB file took 354 s and 3.6 GB), so 5 MB leaves
# room for the tables the programme needs and little for anything else.
MAX_BYTES = 5 * 1024 * 1024
TOO_DEEP = "Dokumentet er nestet for dypt til å være et JSON-stat-datasett fra SSB."

# SSB's statistics bank holds KOSTRA from 2015 and few municipal tables before 1990; a
# year after next year cannot have been published. Years outside are refused, so that
# no «0000» or «9999» reaches the public results page.
FIRST_YEAR = 1990
YEARS_AHEAD = 1

# An import yielding fewer than this share of the figures a table holds is refused
# (without --replace): more likely a wrong or truncated file than SSB withdrawing figures.
SHRINK_LIMIT = 0.5

# Current municipality numbers and names, to tell a Norwegian table from a foreign one.
NORWEGIAN_NAMES = {number: name for number, name, _ in MUNICIPALITIES}


class ImportRefused(ValueError):
    """The import would lose figures it cannot replace; nothing was changed."""


def too_large_message():
    return (
        f"Dokumentet er større enn {MAX_BYTES / 1024 / 1024:g} MB, grensen for en "
        "tabell fra SSB: last ned bare statistikken og regionene som trengs."
    )


def last_year():
    return timezone.localdate().year + YEARS_AHEAD


def normalise_region(code: str) -> str | None:
    """The region as stored: a municipality number, ``"0"``, or None to skip it."""
    code = str(code).strip()
    if code.startswith("K-"):
        code = code[2:]
    if code in NATIONAL_CODES:
        return StatisticsFigure.NATIONAL
    if MUNICIPALITY.match(code):
        return code
    return None


def _is_norwegian(code, label=None):
    """Whether a region code is the whole country or a current Norwegian municipality
    (whose name, when the dataset labels it, matches: Sweden numbers its own 18xx…)."""
    region = normalise_region(code)
    if region == StatisticsFigure.NATIONAL:
        return True
    name = NORWEGIAN_NAMES.get(region)
    if name is None:
        return False
    return not isinstance(label, str) or name.casefold() in label.casefold()


def _region_rank(code):
    """Which code wins when two map to the same region: the exact one, then EAK…"""
    code = str(code).strip().removeprefix("K-")
    return NATIONAL_CODES.index(code) if code in NATIONAL_CODES else 0


def _codes(name, dimension):
    """The dimension's category codes, in their positions."""
    category = dimension.get("category") if isinstance(dimension, dict) else None
    if not isinstance(category, dict):
        raise ValueError(f"Dimension {name!r} has no categories.")
    index = category.get("index")
    if index is None:
        # JSON-stat allows leaving out the index of a single-category dimension.
        labels = category.get("label")
        if isinstance(labels, dict) and len(labels) == 1:
            return list(labels)
        raise ValueError(f"Dimension {name!r} has no category index.")
    if isinstance(index, list):
        return [str(code) for code in index]
    if isinstance(index, dict):
        codes = [None] * len(index)
        for code, position in index.items():
            if (
                not isinstance(position, int)
                or not 0 <= position < len(codes)
                or codes[position] is not None
            ):
                raise ValueError(
                    f"Dimension {name!r} has an invalid index position for {code!r}."
                )
            codes[position] = str(code)
        return codes
    raise ValueError(f"Dimension {name!r} has an invalid category index.")


def _find_dimension(document, ids, role_and_name):
    role, name = role_and_name
    roles = document.get("role")
    if isinstance(roles, dict):
        candidates = [i for i in roles.get(role) or [] if i in ids]
        if len(candidates) == 1:
            return candidates[0]
    if name in ids:
        return name
    raise ValueError(f"The dataset has no {name!r} dimension (role {role!r}).")


def _decimal(value, where):
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"The value for {where} is not a number: {value!r}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"The value for {where} is not a finite number.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"The value for {where} is not a number: {value!r}.") from None
    if not number.is_finite():
        raise ValueError(f"The value for {where} is not a finite number.")
    number = number.quantize(CENTS, rounding=ROUND_HALF_UP)
    if abs(number) >= LIMIT:
        raise ValueError(f"The value for {where} is too large to store: {number}.")
    return number


def load_json(text: str | bytes):
    """The JSON document in ``text``; ``ValueError`` when it is larger than ``MAX_BYTES``
    (characters or bytes, whichever ``text`` holds), or nested so
    deeply that reading it would exhaust Python's recursion (``RecursionError``)."""
    if len(text) > MAX_BYTES:
        raise ValueError(too_large_message())
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(TOO_DEEP) from None


def parse_jsonstat(
    document: dict, contents_code: str | None = None
) -> tuple[str, str, str, list[tuple[str, int, Decimal]]]:
    """Read one statistic out of a JSON-stat 2.0 dataset from SSB.

    Returns ``(title, unit, contents_code, figures)`` where ``figures`` is a list of
    ``(region, year, Decimal value)`` sorted by region and year. ``contents_code``
    chooses the statistic; it may be left out when the dataset holds only one.

    Raises ``ValueError`` when the document is not a JSON-stat 2.0 dataset, lacks the
    region, contents or time dimension, holds several statistics and none was chosen,
    or holds values that cannot be stored.
    """
    if not isinstance(document, dict):
        raise ValueError("The document is not a JSON object.")
    if document.get("class") != "dataset" or str(document.get("version")) != "2.0":
        raise ValueError("The document is not a JSON-stat 2.0 dataset.")
    ids, sizes = document.get("id"), document.get("size")
    dimensions, values = document.get("dimension"), document.get("value")
    if (
        not isinstance(ids, list)
        or not isinstance(sizes, list)
        or len(ids) != len(sizes)
        or not all(isinstance(size, int) and size >= 0 for size in sizes)
    ):
        raise ValueError("The dataset's 'id' and 'size' do not match.")
    if not isinstance(dimensions, dict):
        raise ValueError("The dataset has no dimensions.")
    missing = [i for i in ids if i not in dimensions]
    if missing:
        raise ValueError(f"The dataset lacks the dimensions {', '.join(missing)}.")

    region_id = _find_dimension(document, ids, REGION)
    contents_id = _find_dimension(document, ids, CONTENTS)
    time_id = _find_dimension(document, ids, TIME)
    codes = {}
    for name, size in zip(ids, sizes, strict=True):
        codes[name] = _codes(name, dimensions[name])
        if len(codes[name]) != size:
            raise ValueError(
                f"Dimension {name!r} has {len(codes[name])} categories, "
                f"but its size is {size}."
            )
    others = [
        name
        for name in ids
        if name not in (region_id, contents_id, time_id) and len(codes[name]) > 1
    ]
    if others:
        raise ValueError(
            f"The dataset has further dimensions with several categories "
            f"({', '.join(others)}); select one category of each in the query."
        )

    available = codes[contents_id]
    if contents_code is None:
        if len(available) != 1:
            raise ValueError(
                f"The dataset holds {len(available)} statistics "
                f"({', '.join(available)}); choose one with a contents code."
            )
        contents_code = available[0]
    elif contents_code not in available:
        raise ValueError(
            f"The dataset has no contents code {contents_code!r}; "
            f"it has {', '.join(available) or 'none'}."
        )

    total = math.prod(sizes)
    if isinstance(values, dict):  # JSON-stat's sparse form: {"position": value}
        try:
            values = {int(position): value for position, value in values.items()}
        except ValueError:
            raise ValueError("The dataset's values have invalid positions.") from None
        get = values.get
    elif isinstance(values, list):
        if len(values) != total:
            raise ValueError(
                f"The dataset has {len(values)} values, but its dimensions "
                f"make {total}."
            )

        def get(position):
            return values[position]
    else:
        raise ValueError("The dataset has no values.")

    years = {}
    first, last = FIRST_YEAR, last_year()
    for code in codes[time_id]:
        if not YEAR.match(code.strip()):
            raise ValueError(f"The time code {code!r} is not a year.")
        years[code] = int(code)
        if not first <= years[code] <= last:
            raise ValueError(
                f"Året {code.strip()} er utenfor årene SSB har tall for "
                f"({first}–{last}): det er ikke en tabell fra SSB."
            )

    region_labels = dimensions[region_id]["category"].get("label")
    if not isinstance(region_labels, dict):
        region_labels = {}
    if not any(
        _is_norwegian(code, region_labels.get(code)) for code in codes[region_id]
    ):
        shown = ", ".join(codes[region_id][:5]) or "ingen"
        raise ValueError(
            f"Tabellen har ingen norske kommuner og ikke hele landet (regionkodene "
            f"begynner med {shown}): det er ikke en tabell fra SSB for Norge."
        )

    strides = {name: math.prod(sizes[i + 1 :]) for i, name in enumerate(ids)}
    base = strides[contents_id] * available.index(contents_code)
    found = {}  # (region, year) -> (rank, value, region code)
    for region_position, region_code in enumerate(codes[region_id]):
        region = normalise_region(region_code)
        if region is None:
            continue
        rank = _region_rank(region_code)
        for time_position, time_code in enumerate(codes[time_id]):
            value = get(
                base
                + region_position * strides[region_id]
                + time_position * strides[time_id]
            )
            if value is None:
                continue
            key = (region, years[time_code])
            number = _decimal(value, f"{region_code} {time_code}")
            if key in found:
                other_rank, other, other_code = found[key]
                if other_rank == rank and other != number:
                    raise ValueError(
                        f"Regionen {region} har to ulike tall for {key[1]} "
                        f"({other_code}: {other}, {region_code}: {number}): "
                        "tabellen har samme region to ganger."
                    )
                if other_rank <= rank:
                    continue
            found[key] = (rank, number, region_code)

    category = dimensions[contents_id].get("category", {})
    contents_label = (category.get("label") or {}).get(contents_code) or contents_code
    title = str(document.get("label") or contents_label)
    if len(available) > 1 and contents_label not in title:
        title = f"{title}: {contents_label}"
    unit = (category.get("unit") or {}).get(contents_code)
    unit = (
        (unit.get("base") or unit.get("label") or "") if isinstance(unit, dict) else ""
    )

    figures = sorted(
        (region, year, value) for (region, year), (_, value, _) in found.items()
    )
    return title[:TITLE_LENGTH], str(unit)[:UNIT_LENGTH], contents_code, figures


def import_table(
    table_id: str,
    document: dict,
    source_url: str,
    contents_code: str | None = None,
    regions: Iterable[str] | None = None,
    now: datetime.datetime | None = None,
    replace: bool = False,
    report: Callable[[str], object] | None = None,
) -> tuple[int, int, int]:
    """Store one statistic of an SSB dataset; returns ``(created, updated, unchanged)``.

    Creates or updates the ``StatisticsTable`` with the given ``table_id`` (title, unit,
    contents code, source URL, and ``imported_at``: ``now`` or the current time) and
    upserts its figures. With ``regions``, only figures for those municipality numbers
    are kept, and always the whole country's. Runs in one transaction; a second import
    of the same dataset returns ``(0, 0, n)`` and changes no figure.

    With ``replace``, figures absent from the dataset are deleted. Without it, an import
    yielding no figures, or fewer than ``SHRINK_LIMIT`` of those the table holds, raises
    ``ImportRefused`` and changes nothing. Before deleting figures, ``report`` (if given)
    is called with a sentence in bokmål saying how many, and for which regions and years.
    """
    table_id = str(table_id)
    if not TABLE_ID.match(table_id):
        raise ValueError(f"Invalid SSB table id: {table_id!r}.")
    title, unit, contents_code, figures = parse_jsonstat(document, contents_code)
    if regions is not None:
        keep = {str(region) for region in regions} | {StatisticsFigure.NATIONAL}
        figures = [figure for figure in figures if figure[0] in keep]

    with transaction.atomic():
        table = (
            StatisticsTable.objects.select_for_update()
            .filter(table_id=table_id)
            .first()
        )
        existing = {}
        if table is not None:
            existing = {(f.region, f.year): f for f in table.figures.all()}
        if table is not None and table.contents_code != contents_code:
            doomed = set(existing)  # The old figures measured another statistic.
        elif replace:
            doomed = set(existing) - {(region, year) for region, year, _ in figures}
        else:
            doomed = set()
        _refuse_losses(table_id, figures, existing, doomed, replace)
        if doomed:
            if report is not None:
                report(f"Tabell {table_id}: sletter {describe(doomed)}.")
            pks = [existing.pop(key).pk for key in doomed]
            for start in range(0, len(pks), 500):
                StatisticsFigure.objects.filter(
                    pk__in=pks[start : start + 500]
                ).delete()
        if table is None:
            table = StatisticsTable(table_id=table_id)
        table.contents_code = contents_code
        table.title = title
        table.unit = unit
        table.source_url = source_url
        table.imported_at = now or timezone.now()
        table.save()

        to_create, to_update = [], []
        for region, year, value in figures:
            figure = existing.get((region, year))
            if figure is None:
                to_create.append(
                    StatisticsFigure(table=table, region=region, year=year, value=value)
                )
            elif figure.value != value:
                figure.value = value
                to_update.append(figure)
        StatisticsFigure.objects.bulk_create(to_create, batch_size=500)
        StatisticsFigure.objects.bulk_update(to_update, ["value"], batch_size=500)
    unchanged = len(figures) - len(to_create) - len(to_update)
    return len(to_create), len(to_update), unchanged


def describe(keys) -> str:
    """«19 tall for 5 regioner (0, 1149, …) og årene 2020–2023» for (region, year) keys."""
    regions = sorted({region for region, _ in keys}, key=lambda r: (len(r), r))
    years = sorted({year for _, year in keys})
    shown = ", ".join(regions[:10])
    if len(regions) > 10:
        shown += f" og {len(regions) - 10} til"
    span = f"året {years[0]}" if len(years) == 1 else f"årene {years[0]}–{years[-1]}"
    noun = "region" if len(regions) == 1 else "regioner"
    return f"{len(keys)} tall for {len(regions)} {noun} ({shown}) og {span}"


def _refuse_losses(table_id, figures, existing, doomed, replace):
    """Raise ``ImportRefused`` for an import that yields nothing, or (without
    ``replace``) far fewer figures than the table holds."""
    if not figures and not existing:
        raise ImportRefused(
            f"Importen gir ingen tall å lagre i tabell {table_id}; ingenting er endret."
        )
    if replace or len(figures) >= SHRINK_LIMIT * len(existing):
        return
    loss = f", og ville slettet {describe(doomed)}" if doomed else ""
    raise ImportRefused(
        f"Importen gir {len(figures)} tall, men tabell {table_id} har {len(existing)} "
        f"i dag{loss}. Det ligner en feil eller ufullstendig fil, så ingenting er "
        "endret. Bruk --replace for å importere likevel."
    )


def fetch(table_id: str, query: dict) -> dict:
    """POST a PxWebApi v0 query for ``table_id`` to SSB and return the JSON-stat 2.0.

    ``query`` is the request body, e.g. ``{"query": [{"code": "Region", "selection":
    {"filter": "all", "values": ["*"]}}, ...]}``; the response format is set to
    ``json-stat2``. Raises ``urllib.error.URLError`` (``HTTPError``), ``TimeoutError``
    or ``ValueError`` (a bad table id or a response that is not JSON).
    """
    table_id = str(table_id)
    if not TABLE_ID.match(table_id):
        raise ValueError(f"Invalid SSB table id: {table_id!r}.")
    body = dict(query)
    body["response"] = {"format": "json-stat2"}
    request = urllib.request.Request(
        API_URL.format(table_id=table_id),
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return load_json(response.read(MAX_BYTES + 1).decode("utf-8"))
