"""Import of Statistics Norway (SSB) tables, such as KOSTRA's per-municipality figures.

The portal shows SSB's official figures beside the programme municipalities' own results,
so readers can compare a municipality with the whole country. SSB's PxWebApi (v2) returns
tables as JSON-stat 2.0 datasets; this module reads one statistic (one *contents code*)
out of such a dataset as (region, year, value) triples and stores them in
``StatisticsTable`` and ``StatisticsFigure``.

Dimensions are found by their JSON-stat role (``geo``, ``metric``, ``time``), else by the
names SSB gives them: ``Region`` in most tables, ``KOKkommuneregion0000`` in KOSTRA's
tables by municipality (whose responses may lack the ``geo`` role), ``ContentsCode`` and
``Tid``. Any further dimension with several categories (KOSTRA's ``KOKfunksjon0000``,
``KOKart0000`` …) must be narrowed to one category with ``select``.

Regions are stored as four-digit municipality numbers, or ``"0"`` for the whole country
(SSB's ``0`` and KOSTRA's ``EAK``); a ``K-`` prefix is dropped. Every other region is an
aggregate: counties (``EKA11``, ``11``), KOSTRA groups (``EKG13``), «Landet uten Oslo»
(``EAKUO``). Aggregates are skipped and counted unless ``aggregates`` is given; then
they are kept under their SSB codes (as far as ``StatisticsFigure.region`` has room for
them: ten characters, which every SSB region code fits). Pages
read a municipality's figures by its number and the country's by ``"0"``, so a stored
aggregate never passes for either. Missing values (``null``) are skipped.

Time is yearly (``2023``). Quarters (``2023K1``) and months (``2023M01``) are refused
unless ``per_year`` says how to make a year of them: ``"sum"`` or ``"mean"`` of a
complete year's periods (a year lacking any period is skipped and reported, never summed
short), or the ``"last"`` period present in the year.

An import is an idempotent upsert in one transaction: importing the same dataset twice
changes no figure. Figures absent from a later import are kept (SSB rarely withdraws a
figure, and a narrower import must not erase a wider one), except when the table's
contents code changes (the old figures measured something else and are replaced) or
the import is told to ``replace`` the table. An import never destroys what it cannot
replace: one that yields no figures, or fewer than half as many as the table holds, is
refused (``ImportRefused``) and changes nothing unless ``replace`` is given; whatever
an import deletes or skips is reported first.

Files that cannot be SSB's tables for Norway are refused with a message in bokmål: no
Norwegian municipality or whole country among the regions, two different values for one
region and year, years outside ``FIRST_YEAR``..next year, or more than ``MAX_BYTES``.

``manage.py import_ssb`` is the command-line entry point; ``fetch`` and
``fetch_metadata`` are the only functions that talk to the network.
"""

import datetime
import json
import math
import re
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from learning.models import StatisticsFigure, StatisticsTable
from portal.municipalities_no import MUNICIPALITIES

API_ROOT = "https://data.ssb.no/api/pxwebapi/v2/tables/{table_id}"
DATA_URL = API_ROOT + "/data?lang=no&outputFormat=json-stat2"
METADATA_URL = API_ROOT + "/metadata?lang=no&outputFormat=json-stat2"
TIMEOUT = 30  # seconds

NATIONAL_CODES = ("0", "EAK")  # in order of preference
MUNICIPALITY = re.compile(r"^\d{4}$")
TABLE_ID = re.compile(r"^[0-9A-Za-z]{1,20}$")


class Wanted(NamedTuple):
    """A dimension the import needs: how messages name it, its JSON-stat role, and the
    names SSB gives it (``prefix`` for a family of names)."""

    what: str
    role: str
    names: tuple[str, ...]
    prefix: str = ""


REGION = Wanted(
    "regiondimensjonen",
    "geo",
    ("Region", "KOKkommuneregion0000", "Kommune"),
    "KOKkommuneregion",
)
CONTENTS = Wanted("statistikkvariabelen", "metric", ("ContentsCode",))
TIME = Wanted("tidsdimensjonen", "time", ("Tid",))


class Frequency(NamedTuple):
    """How SSB's time codes divide a year: ``2023``, ``2023K1`` or ``2023M01``."""

    pattern: re.Pattern
    periods: int  # in a year
    plural: str  # bokmål, for messages
    definite: str


YEARLY = Frequency(re.compile(r"^(\d{4})$"), 1, "år", "året")
FREQUENCIES = (
    YEARLY,
    Frequency(re.compile(r"^(\d{4})K([1-4])$"), 4, "kvartaler", "kvartalet"),
    Frequency(re.compile(r"^(\d{4})M(0[1-9]|1[0-2])$"), 12, "måneder", "måneden"),
)
# How a year is made of quarters or months, and how a title says it.
PER_YEAR = {
    "sum": "summen av årets {plural}",
    "mean": "gjennomsnittet av årets {plural}",
    "last": "det siste {definite} i året",
}

CENTS = Decimal("0.01")
# StatisticsFigure.value is a DecimalField(max_digits=14, decimal_places=2).
LIMIT = Decimal(10) ** 12

TITLE_LENGTH = StatisticsTable._meta.get_field("title").max_length
UNIT_LENGTH = StatisticsTable._meta.get_field("unit").max_length
# Aggregates are kept under their SSB codes only when they fit.
REGION_LENGTH = StatisticsFigure._meta.get_field("region").max_length

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

SHOWN_CODES = 6  # codes a message lists before «…»


class ImportRefused(ValueError):
    """The import would lose figures it cannot replace; nothing was changed."""


def too_large_message():
    return (
        f"Dokumentet er større enn {MAX_BYTES / 1024 / 1024:g} MB, grensen for en "
        "tabell fra SSB: last ned bare statistikken og regionene som trengs."
    )


def last_year():
    return timezone.localdate().year + YEARS_AHEAD


def listing(items, last="og", limit=None) -> str:
    """«a, b og c»; beyond ``limit`` items, the first ones and «…»."""
    items = [str(item) for item in items]
    if limit is not None and len(items) > limit:
        return ", ".join(items[:limit]) + " …"
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


def classify_region(code) -> tuple[str, str]:
    """``("kommune", number)``, ``("landet", "0")`` or ``("samleregion", code)``."""
    code = str(code).strip()
    bare = code.removeprefix("K-")
    if bare in NATIONAL_CODES:
        return "landet", StatisticsFigure.NATIONAL
    if MUNICIPALITY.match(bare):
        return "kommune", bare
    return "samleregion", code


def normalise_region(code: str) -> str | None:
    """The region as stored: a municipality number, ``"0"``, or None (an aggregate)."""
    kind, region = classify_region(code)
    return None if kind == "samleregion" else region


def _is_norwegian(code, label=None):
    """Whether a region code is the whole country or a current Norwegian municipality
    (whose name, when the dataset labels it, matches: Sweden numbers its own 18xx…)."""
    kind, region = classify_region(code)
    if kind == "landet":
        return True
    name = NORWEGIAN_NAMES.get(region) if kind == "kommune" else None
    if name is None:
        return False
    return not isinstance(label, str) or name.casefold() in label.casefold()


def _region_rank(code):
    """Which code wins when two map to the same region: the exact one, then EAK."""
    code = str(code).strip().removeprefix("K-")
    return NATIONAL_CODES.index(code) if code in NATIONAL_CODES else 0


def _label(dimensions, name):
    label = (
        dimensions.get(name, {}).get("label") if isinstance(dimensions, dict) else None
    )
    return label if isinstance(label, str) and label else name


def _described(dimensions, ids):
    """«KOKfunksjon0000 (funksjon), Tid (år)»: the dimensions as messages name them."""
    return listing(f"{name} ({_label(dimensions, name)})" for name in ids)


def _codes(name, dimension):
    """The dimension's category codes, in their positions."""
    category = dimension.get("category") if isinstance(dimension, dict) else None
    if not isinstance(category, dict):
        raise ValueError(f"Dimensjonen {name} har ingen kategorier.")
    index = category.get("index")
    if index is None:
        # JSON-stat allows leaving out the index of a single-category dimension.
        labels = category.get("label")
        if isinstance(labels, dict) and len(labels) == 1:
            return list(labels)
        raise ValueError(f"Dimensjonen {name} har ingen kategoriindeks.")
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
                    f"Dimensjonen {name} har en ugyldig plassering for kategorien "
                    f"{code}."
                )
            codes[position] = str(code)
        return codes
    raise ValueError(f"Dimensjonen {name} har en ugyldig kategoriindeks.")


def _find_dimension(document, ids, wanted: Wanted):
    """The dimension with ``wanted``'s role, else with one of its names."""
    roles = document.get("role")
    listed = roles.get(wanted.role) if isinstance(roles, dict) else None
    if isinstance(listed, list):
        candidates = [name for name in listed if name in ids]
        if len(candidates) == 1:
            return candidates[0]
    for name in wanted.names:
        if name in ids:
            return name
    if wanted.prefix:
        candidates = [name for name in ids if name.startswith(wanted.prefix)]
        if len(candidates) == 1:
            return candidates[0]
    names = wanted.names + ((f"{wanted.prefix}…",) if wanted.prefix else ())
    raise ValueError(
        f"Fant ikke {wanted.what}: tabellen har dimensjonene "
        f"{_described(document['dimension'], ids)}. Importen kjenner den på rollen "
        f"«{wanted.role}» eller navnet {listing(names, 'eller')}."
    )


def _dimensions(document):
    """``(ids, sizes, codes, (region, contents, time))`` of a JSON-stat 2.0 dataset,
    its structure checked; raises ``ValueError`` in bokmål."""
    if not isinstance(document, dict):
        raise ValueError("Dokumentet er ikke et JSON-objekt.")
    if document.get("class") != "dataset" or str(document.get("version")) != "2.0":
        raise ValueError("Dokumentet er ikke et JSON-stat 2.0-datasett.")
    ids, sizes = document.get("id"), document.get("size")
    dimensions = document.get("dimension")
    if (
        not isinstance(ids, list)
        or not isinstance(sizes, list)
        or len(ids) != len(sizes)
        or not all(isinstance(name, str) for name in ids)
        or not all(isinstance(size, int) and size >= 0 for size in sizes)
    ):
        raise ValueError("Datasettets «id» og «size» stemmer ikke overens.")
    if not isinstance(dimensions, dict):
        raise ValueError("Datasettet har ingen dimensjoner.")
    missing = [name for name in ids if name not in dimensions]
    if missing:
        noun = "dimensjonen" if len(missing) == 1 else "dimensjonene"
        raise ValueError(f"Datasettet mangler {noun} {listing(missing)}.")
    placed = tuple(_find_dimension(document, ids, w) for w in (REGION, CONTENTS, TIME))
    if len(set(placed)) < len(placed):
        raise ValueError(
            f"Datasettet bruker samme dimensjon til region, statistikkvariabel og tid "
            f"({listing(placed)}): det er ikke en tabell fra SSB."
        )
    codes = {}
    for name, size in zip(ids, sizes, strict=True):
        codes[name] = _codes(name, dimensions[name])
        if len(codes[name]) != size:
            raise ValueError(
                f"Dimensjonen {name} har {len(codes[name])} kategorier, "
                f"men størrelsen er {size}."
            )
    return ids, sizes, codes, placed


def _chosen(document, ids, codes, placed, select):
    """``{dimension: position}`` for every further dimension: the category ``select``
    names, or its only one. Refuses further dimensions with several categories."""
    dimensions = document["dimension"]
    select = {str(name): str(code).strip() for name, code in (select or {}).items()}
    for name in select:
        if name not in ids:
            raise ValueError(
                f"Tabellen har ingen dimensjon {name} å velge i; den har dimensjonene "
                f"{_described(dimensions, ids)}."
            )
        if name in placed:
            raise ValueError(
                f"Dimensjonen {name} ({_label(dimensions, name)}) leser importen selv "
                "og kan ikke velges med --select; statistikkvariabelen velges med "
                "--contents-code."
            )
    positions, unchosen = {}, []
    for name in ids:
        if name in placed:
            continue
        available = codes[name]
        if name in select:
            if select[name] not in available:
                raise ValueError(
                    f"Dimensjonen {name} ({_label(dimensions, name)}) har ingen "
                    f"kategori {select[name]}; den har "
                    f"{listing(available, limit=SHOWN_CODES)}."
                )
            positions[name] = available.index(select[name])
        elif len(available) == 1:
            positions[name] = 0
        elif not available:
            raise ValueError(f"Dimensjonen {name} har ingen kategorier.")
        else:
            unchosen.append(name)
    if unchosen:
        described = listing(
            f"{name} ({_label(dimensions, name)}: "
            f"{listing(codes[name], limit=SHOWN_CODES)})"
            for name in unchosen
        )
        noun = "dimensjonen" if len(unchosen) == 1 else "dimensjonene"
        raise ValueError(
            f"Tabellen har flere kategorier i {noun} {described}. Importen leser én "
            f"kategori av hver: velg den med --select {unchosen[0]}=KODE."
        )
    return positions


def _contents_code(codes, contents_code):
    if contents_code is None:
        if len(codes) != 1:
            raise ValueError(
                f"Tabellen har {len(codes)} statistikkvariabler ({listing(codes)}); "
                "velg én med --contents-code."
            )
        return codes[0]
    if contents_code not in codes:
        raise ValueError(
            f"Tabellen har ingen statistikkvariabel {contents_code}; den har "
            f"{listing(codes) or 'ingen'}."
        )
    return contents_code


def _frequency(time_id, codes, per_year):
    """``(frequency, {code: (year, period)})`` of the time codes; refuses mixed time,
    years out of range, and quarters or months without ``per_year``."""
    if per_year is not None and per_year not in PER_YEAR:
        raise ValueError(
            f"Ukjent --per-year {per_year}: bruk {listing(PER_YEAR, 'eller')}."
        )
    periods, found = {}, []
    first, last = FIRST_YEAR, last_year()
    for code in codes:
        for frequency in FREQUENCIES:
            match = frequency.pattern.match(code.strip())
            if match:
                break
        else:
            raise ValueError(
                f"Tidskoden {code} er verken et år (2023), et kvartal (2023K1) "
                "eller en måned (2023M01)."
            )
        if frequency not in found:
            found.append(frequency)
        year = int(match.group(1))
        if not first <= year <= last:
            raise ValueError(
                f"Året {match.group(1)} er utenfor årene SSB har tall for "
                f"({first}–{last}): det er ikke en tabell fra SSB."
            )
        periods[code] = (year, int(match.group(2)) if frequency.periods > 1 else 1)
    if len(found) > 1:
        raise ValueError(
            f"Tidsdimensjonen {time_id} blander {listing(f.plural for f in found)}; "
            "importen leser én inndeling av tiden om gangen."
        )
    frequency = found[0] if found else YEARLY
    if frequency.periods > 1 and per_year is None:
        raise ValueError(
            f"Tidsdimensjonen {time_id} har {frequency.plural} "
            f"({listing(codes, limit=3)}), ikke år. Si hvordan et år skal regnes ut: "
            f"--per-year sum (summen av årets {frequency.plural}), mean "
            f"(gjennomsnittet av dem) eller last (det siste {frequency.definite} "
            "med tall i året)."
        )
    return frequency, periods


def _storable(number, where):
    number = number.quantize(CENTS, rounding=ROUND_HALF_UP)
    if abs(number) >= LIMIT:
        raise ValueError(f"Verdien for {where} er for stor til å lagres: {number}.")
    return number


def _decimal(value, where):
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"Verdien for {where} er ikke et tall: {value!r}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"Verdien for {where} er ikke et endelig tall.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"Verdien for {where} er ikke et tall: {value!r}.") from None
    if not number.is_finite():
        raise ValueError(f"Verdien for {where} er ikke et endelig tall.")
    return _storable(number, where)


def _value_getter(values, total):
    if isinstance(values, dict):  # JSON-stat's sparse form: {"position": value}
        try:
            values = {int(position): value for position, value in values.items()}
        except ValueError:
            raise ValueError(
                "Verdiene i datasettet har ugyldige plasseringer."
            ) from None
        return values.get
    if isinstance(values, list):
        if len(values) != total:
            raise ValueError(
                f"Datasettet har {len(values)} verdier, men dimensjonene gir {total}."
            )
        return values.__getitem__
    raise ValueError("Datasettet har ingen verdier.")


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
    document: dict,
    contents_code: str | None = None,
    *,
    select: Mapping[str, str] | None = None,
    per_year: str | None = None,
    aggregates: bool = False,
    regions: Iterable[str] | None = None,
    report: Callable[[str], object] | None = None,
) -> tuple[str, str, str, list[tuple[str, int, Decimal]]]:
    """Read one statistic out of a JSON-stat 2.0 dataset from SSB.

    Returns ``(title, unit, contents_code, figures)`` where ``figures`` is a list of
    ``(region, year, Decimal value)`` sorted by region and year. ``contents_code``
    chooses the statistic; it may be left out when the dataset holds only one.
    ``select`` maps every further dimension with several categories to the one to read
    (``{"KOKfunksjon0000": "265"}``); ``per_year`` («sum», «mean» or «last») makes
    years of quarters or months; ``aggregates`` keeps counties and KOSTRA groups that
    fit; ``regions`` keeps only those municipalities (besides the whole country and
    any aggregates). ``report`` (if given) is told in bokmål what was skipped.

    Raises ``ValueError`` with a message in bokmål when the document is not a JSON-stat
    2.0 dataset, a dimension cannot be placed or chosen, the time is not yearly and
    ``per_year`` is not given, or values cannot be stored.
    """
    ids, sizes, codes, placed = _dimensions(document)
    region_id, contents_id, time_id = placed
    dimensions = document["dimension"]
    positions = _chosen(document, ids, codes, placed, select)
    available = codes[contents_id]
    contents_code = _contents_code(available, contents_code)
    get = _value_getter(document.get("value"), math.prod(sizes))
    frequency, periods = _frequency(time_id, codes[time_id], per_year)

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

    keep = None if regions is None else {str(region) for region in regions}
    strides = {name: math.prod(sizes[i + 1 :]) for i, name in enumerate(ids)}
    base = strides[contents_id] * available.index(contents_code)
    base += sum(strides[name] * position for name, position in positions.items())
    found = {}  # (region, year) -> (rank, value, region code)
    skipped, unfit = [], []  # aggregate region codes with figures
    incomplete, partial = set(), set()  # (region, year)
    for region_position, region_code in enumerate(codes[region_id]):
        kind, region = classify_region(region_code)
        if kind == "kommune" and keep is not None and region not in keep:
            continue
        offset = base + region_position * strides[region_id]
        raw = [
            (time_code, get(offset + time_position * strides[time_id]))
            for time_position, time_code in enumerate(codes[time_id])
        ]
        raw = [(time_code, value) for time_code, value in raw if value is not None]
        if not raw:
            continue
        if kind == "samleregion" and not aggregates:
            skipped.append(region_code)
            continue
        if kind == "samleregion" and len(region) > REGION_LENGTH:
            unfit.append(region_code)
            continue
        values = [
            (time_code, _decimal(value, f"{region_code} {time_code}"))
            for time_code, value in raw
        ]
        rank = _region_rank(region_code)
        for year, number in _per_year(
            region, values, periods, frequency, per_year, incomplete, partial
        ):
            key = (region, year)
            if key in found:
                other_rank, other, other_code = found[key]
                if other_rank == rank and other != number:
                    raise ValueError(
                        f"Regionen {region} har to ulike tall for {year} "
                        f"({other_code}: {other}, {region_code}: {number}): "
                        "tabellen har samme region to ganger."
                    )
                if other_rank <= rank:
                    continue
            found[key] = (rank, number, region_code)

    if report is not None:
        _report_skipped(
            report,
            frequency,
            per_year,
            skipped,
            unfit,
            incomplete - found.keys(),
            partial,
        )
    title, unit = _title_and_unit(
        document,
        contents_id,
        contents_code,
        len(available) > 1,
        positions,
        select,
        frequency,
        per_year,
    )
    figures = sorted(
        (region, year, value) for (region, year), (_, value, _) in found.items()
    )
    return title, unit, contents_code, figures


def _per_year(region, values, periods, frequency, per_year, incomplete, partial):
    """``(year, value)`` of one region's ``(time code, value)``: yearly values as they
    are, quarters or months made into years as ``per_year`` says. Years too incomplete
    to sum or average go to ``incomplete``, years «last» reads short to ``partial``."""
    if frequency.periods == 1:
        return [(periods[code][0], number) for code, number in values]
    by_year = {}
    for code, number in values:
        year, period = periods[code]
        by_year.setdefault(year, {})[period] = number
    result = []
    for year, present in sorted(by_year.items()):
        if per_year == "last":
            if max(present) < frequency.periods:
                partial.add((region, year))
            result.append((year, present[max(present)]))
        elif len(present) < frequency.periods:
            incomplete.add((region, year))
        else:
            total = sum(present.values())
            if per_year == "mean":
                total /= frequency.periods
            result.append((year, _storable(total, f"{region} {year}")))
    return result


def _report_skipped(report, frequency, per_year, skipped, unfit, incomplete, partial):
    if skipped:
        report(
            f"hoppet over {_plural(len(skipped), 'samleregion', 'samleregioner')} "
            f"({listing(skipped, limit=10)}): uten --aggregates lagres bare kommuner "
            "og hele landet."
        )
    if unfit:
        report(
            f"{_plural(len(unfit), 'samleregion', 'samleregioner')} "
            f"({listing(unfit, limit=10)}) har koder på mer enn {REGION_LENGTH} tegn "
            "og får ikke plass; de er ikke lagret."
        )
    if incomplete:
        what = "summen" if per_year == "sum" else "gjennomsnittet"
        report(
            f"hoppet over {describe(incomplete)}: året mangler {frequency.plural}, og "
            f"{what} av et ufullstendig år er ikke et tall for året."
        )
    if partial:
        report(
            f"{describe(partial)} bygger på det siste {frequency.definite} med tall, "
            "ikke på et helt år."
        )


def _title_and_unit(
    document,
    contents_id,
    contents_code,
    several,
    positions,
    select,
    frequency,
    per_year,
):
    """The table's title, naming the statistic (when the table has several), the
    categories chosen with ``select`` and how years were made; and the unit."""
    dimensions = document["dimension"]
    category = dimensions[contents_id].get("category", {})
    contents_label = (category.get("label") or {}).get(contents_code) or contents_code
    title = str(document.get("label") or contents_label)
    if several and contents_label not in title:
        title = f"{title}: {contents_label}"
    qualifiers = []
    for name, position in positions.items():
        if name in (select or {}):
            chosen = _codes(name, dimensions[name])[position]
            labels = dimensions[name]["category"].get("label") or {}
            qualifiers.append(str(labels.get(chosen) or chosen))
    if frequency.periods > 1:
        qualifiers.append(
            PER_YEAR[per_year].format(
                plural=frequency.plural, definite=frequency.definite
            )
        )
    if qualifiers:
        suffix = f" ({', '.join(qualifiers)})"[: TITLE_LENGTH // 2]
        title = title[: TITLE_LENGTH - len(suffix)] + suffix
    unit = (category.get("unit") or {}).get(contents_code)
    unit = (
        (unit.get("base") or unit.get("label") or "") if isinstance(unit, dict) else ""
    )
    return title[:TITLE_LENGTH], str(unit)[:UNIT_LENGTH]


def data_query(
    metadata: dict,
    contents_code: str | None = None,
    select: Mapping[str, str] | None = None,
) -> dict:
    """The PxWebApi v2 request body for every region and period of one statistic (or
    of all, without ``contents_code``), and ``select``'s category of every further
    dimension, read off the table's metadata (JSON-stat 2.0, as ``fetch_metadata``
    returns it). Refuses, in bokmål, what ``parse_jsonstat`` would refuse later."""
    ids, _sizes, codes, placed = _dimensions(metadata)
    region_id, contents_id, time_id = placed
    positions = _chosen(metadata, ids, codes, placed, select)
    if contents_code is not None:
        _contents_code(codes[contents_id], contents_code)
    selection = [
        {"variableCode": region_id, "valueCodes": ["*"]},
        {
            "variableCode": contents_id,
            "valueCodes": [contents_code] if contents_code else ["*"],
        },
        {"variableCode": time_id, "valueCodes": ["*"]},
    ]
    selection += [
        {"variableCode": name, "valueCodes": [codes[name][position]]}
        for name, position in positions.items()
    ]
    return {"selection": selection}


def import_table(
    table_id: str,
    document: dict,
    source_url: str,
    contents_code: str | None = None,
    regions: Iterable[str] | None = None,
    now: datetime.datetime | None = None,
    replace: bool = False,
    report: Callable[[str], object] | None = None,
    *,
    select: Mapping[str, str] | None = None,
    per_year: str | None = None,
    aggregates: bool = False,
) -> tuple[int, int, int]:
    """Store one statistic of an SSB dataset; returns ``(created, updated, unchanged)``.

    Creates or updates the ``StatisticsTable`` with the given ``table_id`` (title, unit,
    contents code, source URL, and ``imported_at``: ``now`` or the current time) and
    upserts its figures. With ``regions``, only figures for those municipality numbers
    are kept, and always the whole country's. ``select``, ``per_year`` and
    ``aggregates`` are passed to ``parse_jsonstat``, and what it skips is reported.
    Runs in one transaction; a second import of the same dataset returns ``(0, 0, n)``
    and changes no figure.

    With ``replace``, figures absent from the dataset are deleted. Without it, an import
    yielding no figures, or fewer than ``SHRINK_LIMIT`` of those the table holds, raises
    ``ImportRefused`` and changes nothing. Before deleting figures, ``report`` (if given)
    is called with a sentence in bokmål saying how many, and for which regions and years.
    """
    table_id = _checked(table_id)

    def tell(sentence):
        report(f"Tabell {table_id}: {sentence}")

    title, unit, contents_code, figures = parse_jsonstat(
        document,
        contents_code,
        select=select,
        per_year=per_year,
        aggregates=aggregates,
        regions=regions,
        report=None if report is None else tell,
    )

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


def _request(url, body=None):
    """The JSON SSB answers at ``url`` (POSTing ``body``, if given), read no further
    than ``MAX_BYTES``."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, headers=headers, method="GET" if data is None else "POST"
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return load_json(response.read(MAX_BYTES + 1))


def _checked(table_id):
    table_id = str(table_id)
    if not TABLE_ID.match(table_id):
        raise ValueError(f"Invalid SSB table id: {table_id!r}.")
    return table_id


def fetch(table_id: str, query: dict) -> dict:
    """POST a PxWebApi v2 query for ``table_id`` to SSB and return the JSON-stat 2.0.

    ``query`` is the request body, e.g. ``{"selection": [{"variableCode": "Tid",
    "valueCodes": ["*"]}, ...]}`` (see ``data_query``); the response format is
    JSON-stat 2.0, in bokmål. Raises ``urllib.error.URLError`` (``HTTPError``),
    ``TimeoutError`` or ``ValueError`` (a bad table id, a response larger than
    ``MAX_BYTES`` or not JSON).
    """
    return _request(DATA_URL.format(table_id=_checked(table_id)), query)


def fetch_metadata(table_id: str) -> dict:
    """GET the table's metadata from SSB's PxWebApi v2: a JSON-stat 2.0 dataset of its
    dimensions and every category, without figures. Raises as ``fetch`` does."""
    return _request(METADATA_URL.format(table_id=_checked(table_id)))
