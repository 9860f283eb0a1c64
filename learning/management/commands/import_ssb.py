"""Import one statistic of a Statistics Norway (SSB) table, e.g. KOSTRA table 12262.

Reads a JSON-stat 2.0 dataset from ``--file``, or asks SSB's PxWebApi (v2) for the
table's dimensions and then for all its regions and periods (of ``--contents-code``, if
given, and of the categories ``--select`` names), and stores it with
``learning.ssb.import_table``. Idempotent: run it again when SSB publishes new figures.
``--programme-only`` keeps the whole country and the live programme municipalities only;
``--aggregates`` keeps counties and KOSTRA groups too;
``--per-year`` makes years of quarterly or monthly tables. An import that would leave
the table with far fewer figures is refused unless ``--replace`` is given, which also
deletes the figures absent from the import; whatever is deleted or skipped is printed.
"""

import json
import urllib.error

from django.core.management.base import BaseCommand, CommandError

from learning import ssb
from portal.models import MunicipalityPage

SOURCE_URL = "https://www.ssb.no/statbank/table/{table_id}"


def selections(values):
    """``{"KOKfunksjon0000": "265"}`` of ``["KOKfunksjon0000=265"]``."""
    chosen = {}
    for value in values or ():
        name, equals, code = value.partition("=")
        name, code = name.strip(), code.strip()
        if not equals or not name or not code:
            raise CommandError(
                f"--select {value}: skriv dimensjon=kode, f.eks. "
                "--select KOKfunksjon0000=265."
            )
        if chosen.get(name, code) != code:
            raise CommandError(
                f"--select velger to kategorier i {name} ({chosen[name]} og {code}); "
                "importen leser én."
            )
        chosen[name] = code
    return chosen


class Command(BaseCommand):
    help = (
        "Imports one statistic of an SSB table (JSON-stat 2.0) into the portal's SSB "
        "figures, from a file or from SSB's API. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("table_id", help="SSB's table number, e.g. 12262.")
        parser.add_argument(
            "--file",
            help="Read the JSON-stat 2.0 dataset from this file instead of SSB's API.",
        )
        parser.add_argument(
            "--contents-code",
            help="The statistic (ContentsCode) to import; needed when the table "
            "holds several.",
        )
        parser.add_argument(
            "--select",
            action="append",
            metavar="DIM=CODE",
            help="The category to read of a further dimension with several, e.g. "
            "KOKfunksjon0000=265 (repeat for each such dimension).",
        )
        parser.add_argument(
            "--per-year",
            choices=sorted(ssb.PER_YEAR),
            help="How a year is made of a quarterly or monthly table: the sum or mean "
            "of a complete year's periods (incomplete years are skipped), or the "
            "last period of the year.",
        )
        parser.add_argument(
            "--aggregates",
            action="store_true",
            help="Keep counties and KOSTRA groups too, under SSB's codes.",
        )
        parser.add_argument(
            "--programme-only",
            action="store_true",
            help="Keep only the whole country and the live programme municipalities.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the table's figures: delete those absent from the import, "
            "and import even when it yields far fewer figures than the table holds.",
        )

    def handle(
        self,
        *args,
        table_id,
        file,
        contents_code,
        programme_only,
        replace,
        select=None,
        per_year=None,
        aggregates=False,
        **options,
    ):
        chosen = selections(select)
        document = (
            self._read(file) if file else self._fetch(table_id, contents_code, chosen)
        )
        regions = None
        if programme_only:
            regions = set(
                MunicipalityPage.objects.live().values_list(
                    "municipality_number", flat=True
                )
            )
        try:
            created, updated, unchanged = ssb.import_table(
                table_id,
                document,
                SOURCE_URL.format(table_id=table_id),
                contents_code=contents_code,
                regions=regions,
                replace=replace,
                report=self.stdout.write,
                select=chosen,
                per_year=per_year,
                aggregates=aggregates,
            )
        except ssb.ImportRefused as error:
            raise CommandError(str(error)) from error
        except ValueError as error:
            raise CommandError(
                f"Kan ikke importere tabell {table_id}: {error}"
            ) from error
        self.stdout.write(
            f"Tabell {table_id}: {created} nye, {updated} endret, {unchanged} uendret."
        )

    def _read(self, path):
        try:
            with open(path, encoding="utf-8") as handle:
                return ssb.load_json(handle.read(ssb.MAX_BYTES + 1))
        except FileNotFoundError as error:
            raise CommandError(f"Finner ikke filen {path}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} er ikke UTF-8-tekst: {error}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} er ikke gyldig JSON: {error}") from error
        except ValueError as error:  # too large or nested too deeply (ssb.load_json)
            raise CommandError(f"{path}: {error}") from error
        except OSError as error:
            raise CommandError(f"Kan ikke lese {path}: {error}") from error

    def _fetch(self, table_id, contents_code, chosen):
        """The table's dimensions first, to know what to ask for (KOSTRA names its
        regions KOKkommuneregion0000, others Region), then the figures."""
        metadata = self._ask(table_id, ssb.fetch_metadata, table_id)
        try:
            query = ssb.data_query(metadata, contents_code, chosen)
        except ValueError as error:
            raise CommandError(
                f"Kan ikke importere tabell {table_id}: {error}"
            ) from error
        return self._ask(table_id, ssb.fetch, table_id, query)

    def _ask(self, table_id, request, *args):
        try:
            return request(*args)
        except urllib.error.HTTPError as error:
            raise CommandError(
                f"SSBs API svarte {error.code} {error.reason} for tabell {table_id}."
            ) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise CommandError(f"Får ikke kontakt med SSBs API: {error}") from error
        except ValueError as error:
            raise CommandError(
                f"Kan ikke hente tabell {table_id} fra SSB: {error}"
            ) from error
