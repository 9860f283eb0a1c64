"""Statistics Norway's KOSTRA groups: the groups as data, and which municipality is in
which.

The groups themselves (code, description, year, source) are a data file,
``portal/data/kostra_groups.csv``, loaded by migration ``portal.0010`` and by the demo
(``ensure_groups``); editors may correct them as snippets. Which programme
municipality is in which group comes from SSB's correspondence between municipalities
and KOSTRA groups (KLASS), read from a file of «kommunenummer;gruppekode» rows
(``read_assignments``) and applied in one transaction (``assign``): a file with a
single bad row changes nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from portal import content_version

GROUPS_FILE = Path(__file__).resolve().parent / "data" / "kostra_groups.csv"
GROUP_COLUMNS = ["code", "name", "year", "source", "source_url"]

NUMBER = re.compile(r"[0-9]{4}\Z")
CODE = re.compile(r"[A-Z0-9]{1,10}\Z")
# KLASS writes a group as «13» or «EKG13» (the statistics bank's region code); the
# portal keeps SSB's region codes.
BARE_NUMBER = re.compile(r"[0-9]{1,2}\Z")


class MalformedFile(ValueError):
    """The assignment file cannot be read; the message says where, in bokmål."""


def read_groups(path=GROUPS_FILE):
    """The groups of the data file, as dicts of ``GROUP_COLUMNS``."""
    with open(path, encoding="utf-8", newline="") as data:
        lines = [line for line in data if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    for row in rows:
        row["year"] = int(row["year"])
    return rows


def ensure_groups(model=None, path=GROUPS_FILE):
    """Creates the data file's groups where missing (never changes one an editor has
    corrected); ``model`` is the migration's historical one when it runs there."""
    if model is None:
        from portal.models import KostraGroup as model
    for row in read_groups(path):
        model.objects.get_or_create(
            code=row["code"], defaults={key: row[key] for key in GROUP_COLUMNS[1:]}
        )


def _code(value):
    value = value.strip().upper()
    if BARE_NUMBER.match(value):
        return f"EKG{int(value):02d}"
    return value


def read_assignments(text):
    """{municipality number: group code} of a «kommunenummer;gruppekode» file.

    A first row that is not a municipality number is taken for a heading. Blank lines
    are skipped. Raises MalformedFile for anything else.
    """
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assignments = {}
    for line, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if line == 1 and cells and not NUMBER.match(cells[0]):
            continue  # a heading
        if len(cells) != 2:
            raise MalformedFile(
                _(
                    "Linje %(line)s har %(count)s kolonner; filen skal ha to, "
                    "«kommunenummer;gruppekode»."
                )
                % {"line": line, "count": len(cells)}
            )
        number, code = cells[0], _code(cells[1])
        if not NUMBER.match(number):
            raise MalformedFile(
                _(
                    "Linje %(line)s: «%(number)s» er ikke et kommunenummer med fire "
                    "sifre."
                )
                % {"line": line, "number": number[:20]}
            )
        if not CODE.match(code):
            raise MalformedFile(
                _("Linje %(line)s: «%(code)s» er ikke en gruppekode.")
                % {"line": line, "code": cells[1][:20]}
            )
        if assignments.get(number, code) != code:
            raise MalformedFile(
                _("Linje %(line)s: kommune %(number)s står i to grupper i filen.")
                % {"line": line, "number": number}
            )
        assignments[number] = code
    if not assignments:
        raise MalformedFile(
            _("Filen har ingen linjer med kommunenummer og gruppekode.")
        )
    return assignments


@dataclass
class Outcome:
    """What ``assign`` did: municipalities changed, unchanged, and numbers it knows
    no programme municipality by."""

    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    unknown_numbers: list = field(default_factory=list)


def assign(assignments):
    """Puts each programme municipality in its group, in one transaction.

    Refuses (MalformedFile) a file naming a group the portal does not know, before
    changing anything. Municipalities the file does not name keep their group.
    """
    from portal.models import KostraGroup, MunicipalityPage

    groups = dict(KostraGroup.objects.values_list("code", "pk"))
    missing = sorted({code for code in assignments.values() if code not in groups})
    if missing:
        raise MalformedFile(
            _("Ukjente KOSTRA-grupper i filen: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    outcome = Outcome()
    with transaction.atomic():
        pages = MunicipalityPage.objects.filter(municipality_number__in=assignments)
        found = {page.municipality_number: page for page in pages}
        for number, code in sorted(assignments.items()):
            page = found.get(number)
            if page is None:
                outcome.unknown_numbers.append(number)
            elif page.kostra_group_id == groups[code]:
                outcome.unchanged.append(page)
            else:
                _set_group(page, groups[code])
                outcome.changed.append(page)
        if outcome.changed:
            content_version.raise_now_and_after_commit()
    return outcome


def _set_group(page, group_id):
    """The page's group, and its live and latest revisions' too: the rest of the page
    stays as it is (a draft is not published), and publishing the draft later keeps
    the group instead of restoring the one the draft was written with."""
    from portal.models import MunicipalityPage

    MunicipalityPage.objects.filter(pk=page.pk).update(kostra_group=group_id)
    for revision in {page.live_revision, page.latest_revision} - {None}:
        revision.content["kostra_group"] = group_id
        revision.save(update_fields=["content"])
