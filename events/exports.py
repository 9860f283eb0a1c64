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
from django.utils import timezone
from openpyxl import Workbook
from wagtail.admin.views.mixins import Echo, ExcelDateFormatter

from portal.spreadsheets import (  # noqa: F401 (part of this module's interface)
    DATETIME_FORMAT,
    XLSX_CONTENT_TYPE,
    cell,
    csv_response,
    local,
    neutralise,
)

REGISTRATION_COLUMNS = [
    "navn",
    "e-post",
    "kommune/organisasjon",
    "rolle",
    "spesialkost",
    "status",
    "registrert",
]


class SpreadsheetMixin:
    """For a view with Wagtail's ``SpreadsheetExportMixin`` (a generic ``IndexView``):
    every value through ``cell``, a CSV that Norwegian Excel opens, a named sheet.
    """

    sheet_title = "Påmeldinger"

    def preprocess_field_value(self, field, value, export_format):
        return cell(value, as_text=export_format == self.FORMAT_CSV)

    def stream_csv(self, queryset):
        yield "\ufeff".encode()
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        yield writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{self.get_filename()}.csv"'
        )
        return response

    def write_xlsx_response(self, queryset):
        workbook = Workbook(write_only=True, iso_dates=True)
        sheet = workbook.create_sheet(title=self.sheet_title[:31])
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
    "samling",
    "starter",
    "navn",
    "e-post",
    "programkommune",
    "annen organisasjon",
    "rolle",
    "spesialkost",
    "samtykke",
    "status",
    "registrert",
    "endret",
    "avmeldt",
    "e-postvarsler",
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
        return (
            f"{notification.get_kind_display()} sendt "
            f"{local(notification.sent_at).strftime(DATETIME_FORMAT)}"
        )
    return f"{notification.get_kind_display()} ikke sendt"


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
    return csv_response(PERSON_COLUMNS, person_rows(registrations), filename)
