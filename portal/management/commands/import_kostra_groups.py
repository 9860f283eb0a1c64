"""Puts the programme municipalities in their KOSTRA groups from an SSB file.

The file is SSB's correspondence between municipalities and KOSTRA groups (KLASS),
one municipality a line as «kommunenummer;gruppekode»::

    kommunenummer;gruppekode
    1149;EKG13
    5001;EKG14

A first line that is not a municipality number is a heading. A group is written with
SSB's region code (EKG13) or its number (13). The groups must exist (the data file
``portal/data/kostra_groups.csv``, or the admin's «KOSTRA-grupper»). Numbers of
municipalities that are not in the programme are reported and skipped; a file with a
malformed line, or naming an unknown group, changes nothing. Idempotent.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal import kostra


class Command(BaseCommand):
    help = (
        "Assigns the programme municipalities to SSB's KOSTRA groups from a CSV file "
        "of «kommunenummer;gruppekode» lines (semicolon-separated, UTF-8, an optional "
        "heading; the group as SSB's code EKG13 or as 13). Unknown municipality "
        "numbers are reported and skipped; a malformed file changes nothing. "
        "Idempotent, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file, e.g. kostra-grupper.csv.")

    def handle(self, *args, file, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("Kan ikke lese %(file)s: %(error)s.")
                % {"file": file, "error": error.strerror or error}
            ) from error
        except UnicodeDecodeError as error:
            raise CommandError(
                _("%(file)s er ikke en tekstfil i UTF-8.") % {"file": file}
            ) from error
        try:
            outcome = kostra.assign(kostra.read_assignments(text))
        except kostra.MalformedFile as error:
            raise CommandError(
                _("%(file)s: %(error)s Ingenting er endret.")
                % {"file": file, "error": error}
            ) from error
        for page in outcome.changed:
            self.stdout.write(
                _("Endret: %(municipality)s (%(number)s)")
                % {"municipality": page.title, "number": page.municipality_number}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(changed)s kommuner fikk ny KOSTRA-gruppe, %(unchanged)s hadde "
                    "den allerede."
                )
                % {
                    "changed": len(outcome.changed),
                    "unchanged": len(outcome.unchanged),
                }
            )
        )
        if outcome.unknown_numbers:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Ingen programkommune har disse kommunenumrene (hoppet "
                        "over): %(numbers)s"
                    )
                    % {"numbers": ", ".join(outcome.unknown_numbers)}
                )
            )
