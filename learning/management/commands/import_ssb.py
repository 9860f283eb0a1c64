"""Import one statistic of a Statistics Norway (SSB) table, e.g. KOSTRA table 12262.

Reads a JSON-stat 2.0 dataset from ``--file``, or asks SSB's PxWebApi for all regions and
years of the table (and of ``--contents-code``, if given), and stores it with
``learning.ssb.import_table``. Idempotent: run it again when SSB publishes new figures.
``--programme-only`` keeps the whole country and the live programme municipalities only.
An import that would leave the table with far fewer figures is refused unless
``--replace`` is given, which also deletes the figures absent from the import; whatever
is deleted is printed first.
"""

import json
import urllib.error

from django.core.management.base import BaseCommand, CommandError

from learning import ssb
from portal.models import MunicipalityPage

SOURCE_URL = "https://www.ssb.no/statbank/table/{table_id}"


def api_query(contents_code=None):
    """A PxWebApi v0 query for all regions and years of one statistic (or of all)."""
    everything = {"filter": "all", "values": ["*"]}
    contents = (
        {"filter": "item", "values": [contents_code]} if contents_code else everything
    )
    return {
        "query": [
            {"code": "Region", "selection": everything},
            {"code": "ContentsCode", "selection": contents},
            {"code": "Tid", "selection": everything},
        ]
    }


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
        self, *args, table_id, file, contents_code, programme_only, replace, **options
    ):
        document = self._read(file) if file else self._fetch(table_id, contents_code)
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
            )
        except ssb.ImportRefused as error:
            raise CommandError(str(error)) from error
        except ValueError as error:
            raise CommandError(f"Cannot import table {table_id}: {error}") from error
        self.stdout.write(
            f"Table {table_id}: {created} created, {updated} updated, "
            f"{unchanged} unchanged."
        )

    def _read(self, path):
        try:
            with open(path, encoding="utf-8") as handle:
                return ssb.load_json(handle.read(ssb.MAX_BYTES + 1))
        except FileNotFoundError as error:
            raise CommandError(f"File not found: {path}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text: {error}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} is not valid JSON: {error}") from error
        except ValueError as error:  # too large or nested too deeply (ssb.load_json)
            raise CommandError(f"{path}: {error}") from error
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error

    def _fetch(self, table_id, contents_code):
        try:
            return ssb.fetch(table_id, api_query(contents_code))
        except urllib.error.HTTPError as error:
            raise CommandError(
                f"SSB's API answered {error.code} {error.reason} for table {table_id}."
            ) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise CommandError(f"Cannot reach SSB's API: {error}") from error
        except ValueError as error:
            raise CommandError(
                f"Cannot fetch table {table_id} from SSB: {error}"
            ) from error
