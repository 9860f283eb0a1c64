"""Tables as files people open in Excel: CSV and XLSX, safe and in Norwegian.

Every text cell that a spreadsheet could run as a formula (it starts with = + - @, a tab
or a carriage return) gets a leading single quote, as OWASP advises against CSV
injection: anyone may type the text that ends up in a cell. CSV is UTF-8 with a
byte-order mark and semicolons, which Norwegian Excel opens as columns with æ, ø and å
intact. Times are Oslo time.
"""

import csv
import datetime
import io

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "%d.%m.%Y %H:%M"


def neutralise(value):
    """A text value that no spreadsheet will evaluate as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def local(moment):
    """An aware datetime as Oslo time without a zone (spreadsheets know no zones)."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None)


def cell(value, *, as_text):
    """One exported value: Oslo time, no formulas; as text for CSV."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = local(value)
        return value.strftime(DATETIME_FORMAT) if as_text else value
    if value is None:
        return "" if as_text else None
    if as_text:
        return neutralise(str(value))
    if isinstance(value, str):
        # Control characters are not allowed in the file format at all.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _csv_value(value):
    return cell(value, as_text=True)


def csv_response(header, rows, filename):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(header, rows, filename, sheet_title):
    """A one-sheet workbook of a header and rows, every value through ``cell``."""
    workbook = Workbook(write_only=True, iso_dates=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([cell(value, as_text=False) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, content_type=XLSX_CONTENT_TYPE, filename=filename
    )
