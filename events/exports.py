"""Participant lists and personal data as files organisers can open in Excel.

The participant list itself is exported by Wagtail's listing (``admin_views``), which
calls ``cell`` for every value; the personal-data export is written here. The cells
are made safe and Norwegian by ``portal.spreadsheets``: a participant types their own
name, so a name is never to be trusted.
"""

import csv
import io
import json

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from wagtail.admin.views.mixins import Echo, ExcelDateFormatter

from events.models import Proposal
from portal.spreadsheets import (  # noqa: F401 (part of this module's interface)
    DATETIME_FORMAT,
    XLSX_CONTENT_TYPE,
    cell,
    csv_response,
    local,
    neutralise,
)

REGISTRATION_COLUMNS = [
    _("navn"),
    _("e-post"),
    _("kommune/organisasjon"),
    _("rolle"),
    _("spesialkost"),
    _("deltar"),
    _("svar"),
    _("status"),
    _("registrert"),
]


class SpreadsheetMixin:
    """For a view with Wagtail's ``SpreadsheetExportMixin`` (a generic ``IndexView``):
    every value through ``cell``, a CSV that Norwegian Excel opens, a named sheet.
    """

    sheet_title = _("Påmeldinger")

    def preprocess_field_value(self, field, value, export_format):
        return cell(value, as_text=export_format == self.FORMAT_CSV)

    def stream_csv(self, queryset, language=None):
        """The rows in ``language``, the user's: the response is streamed after the
        view, and its language, has returned."""
        yield "\ufeff".encode()
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        with translation.override(language):
            heading = {
                field: self.get_heading(queryset, field) for field in self.list_export
            }
        yield writer.writerow(heading)
        for item in queryset:
            with translation.override(language):
                row = self.write_csv_row(writer, self.to_row_dict(item))
            yield row

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset, translation.get_language()),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{self.get_filename()}.csv"'
        )
        return response

    def write_xlsx_response(self, queryset):
        workbook = Workbook(write_only=True, iso_dates=True)
        sheet = workbook.create_sheet(title=str(self.sheet_title)[:31])
        sheet.append(self.get_heading(queryset, field) for field in self.list_export)
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            sheet.append(
                self.generate_xlsx_row(sheet, self.to_row_dict(item), date_format)
            )
        output = io.BytesIO()
        workbook.save(output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type=XLSX_CONTENT_TYPE,
            filename=f"{self.get_filename()}.xlsx",
        )


# --- everything held about one e-mail address ---

PERSON_COLUMNS = [
    _("samling"),
    _("starter"),
    _("navn"),
    _("e-post"),
    _("programkommune"),
    _("annen organisasjon"),
    _("rolle"),
    _("spesialkost"),
    _("deltar"),
    _("samtykke"),
    _("status"),
    _("registrert"),
    _("endret"),
    _("avmeldt"),
    _("e-postvarsler"),
]


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def person_data(email, registrations):
    """Everything held about one address, as plain data (the JSON export)."""
    return {
        "e-post": email,
        "eksportert": _iso(timezone.now()),
        "påmeldinger": [
            {
                "samling": registration.gathering.title,
                "samling_starter": _iso(registration.gathering.start),
                "navn": registration.name,
                "e-post": registration.email,
                "programkommune": registration.municipality.title
                if registration.municipality_id
                else None,
                "annen_organisasjon": registration.organisation,
                "rolle": registration.role,
                "spesialkost": registration.dietary_needs,
                "deltar": registration.participation_text,
                "samtykke": registration.consent,
                "status": registration.get_status_display(),
                "registrert": _iso(registration.created_at),
                "endret": _iso(registration.updated_at),
                "avmeldt": _iso(registration.cancelled_at),
                "e-postvarsler": [
                    {
                        "type": notification.get_kind_display(),
                        "opprettet": _iso(notification.created_at),
                        "sendt": _iso(notification.sent_at),
                    }
                    for notification in registration.notifications.all()
                ],
            }
            for registration in registrations
        ],
        "forslag_til_program": [
            {
                "samling": proposal.gathering.title,
                "tittel": proposal.title,
                "innleder": proposal.speaker_name,
                "kommune": proposal.municipality.title,
                "status": proposal.get_status_display(),
                "sendt": _iso(proposal.created_at),
            }
            for proposal in Proposal.objects.filter(email__iexact=email)
            .select_related("gathering", "municipality")
            .order_by("created_at", "pk")
        ],
    }


def person_json(email, registrations, filename):
    content = json.dumps(
        person_data(email, registrations), ensure_ascii=False, indent=2
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _notification_summary(notification):
    if notification.sent_at:
        return gettext("%(kind)s sendt %(time)s") % {
            "kind": notification.get_kind_display(),
            "time": local(notification.sent_at).strftime(DATETIME_FORMAT),
        }
    return gettext("%(kind)s ikke sendt") % {"kind": notification.get_kind_display()}


def person_rows(registrations):
    for registration in registrations:
        yield [
            registration.gathering.title,
            local(registration.gathering.start),
            registration.name,
            registration.email,
            registration.municipality.title if registration.municipality_id else "",
            registration.organisation,
            registration.role,
            registration.dietary_needs,
            registration.participation_text,
            "ja" if registration.consent else "nei",
            registration.get_status_display(),
            local(registration.created_at),
            local(registration.updated_at),
            local(registration.cancelled_at),
            "; ".join(
                _notification_summary(notification)
                for notification in registration.notifications.all()
            ),
        ]


def person_csv(registrations, filename):
    header = [str(column) for column in PERSON_COLUMNS]
    return csv_response(header, person_rows(registrations), filename)
