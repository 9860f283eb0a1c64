"""The PDFs of a gathering: attendance certificates (kursbevis), the participant list
with a column to sign, and name badges.

Drawn with ReportLab's own fonts (Helvetica writes æ, ø and å), on A4. Each is built
in memory for one request and never stored: they hold personal data, and the
organiser who downloads them is told to delete the files after the gathering.

Texts are in the active language: the participant's own standard for their
certificate, the organiser's admin language for the lists.
"""

import io
import itertools

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from events.models import AgendaItemKind, Participation

PROGRAMME = "Boligsosialt velferdsprogram"
# What counts as programme time on a certificate: not the breaks and meals.
NOT_PROGRAMME = {AgendaItemKind.BREAK, AgendaItemKind.MEAL}
# Name badges: two across and four down on an A4 sheet, 90 × 60 mm each.
BADGE_WIDTH, BADGE_HEIGHT = 90 * mm, 60 * mm
BADGE_COLUMNS, BADGE_ROWS = 2, 4

STYLES = {
    "title": ParagraphStyle(
        "title", fontName="Helvetica-Bold", fontSize=16, leading=20
    ),
    "heading": ParagraphStyle(
        "heading", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=8
    ),
    "text": ParagraphStyle("text", fontName="Helvetica", fontSize=10, leading=13),
}


def programme_hours(gathering):
    """The hours of programme on the agenda (breaks and meals left out), or None
    where the gathering has no agenda."""
    items = [
        item for item in gathering.agenda_items.all() if item.kind not in NOT_PROGRAMME
    ]
    if not items:
        return None
    seconds = sum((item.end - item.start).total_seconds() for item in items)
    return round(seconds / 3600, 1)


def _hours_text(hours):
    if hours is None:
        return ""
    number = f"{hours:g}".replace(".", ",")
    return ngettext(
        "%(hours)s time med faglig program",
        "%(hours)s timer med faglig program",
        1 if hours == 1 else 2,  # a whole number for the plural: 1,5 is plural
    ) % {"hours": number}


def _pdf(draw, title):
    """The PDF ``draw(canvas)`` makes, as bytes, titled ``title`` in its metadata."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(
        buffer, pagesize=A4, pageCompression=1, lang=get_language() or "nb"
    )
    sheet.setTitle(title)
    sheet.setAuthor("Husbanken")
    sheet.setSubject(PROGRAMME)
    draw(sheet)
    sheet.save()
    return buffer.getvalue()


# --- attendance certificates ---


def certificates(registrations, gathering):
    """One page each for ``registrations`` (people marked as attended)."""
    hours = _hours_text(programme_hours(gathering))

    def draw(sheet):
        for registration in registrations:
            _certificate_page(sheet, registration, gathering, hours)
            sheet.showPage()

    return _pdf(draw, _("Kursbevis: %(title)s") % {"title": gathering.title})


def _certificate_page(sheet, registration, gathering, hours):
    width, height = A4
    middle = width / 2
    sheet.setStrokeColor(colors.HexColor("#1e5d78"))
    sheet.setLineWidth(2)
    sheet.rect(20 * mm, 20 * mm, width - 40 * mm, height - 40 * mm)
    sheet.setFont("Helvetica", 12)
    sheet.drawCentredString(middle, height - 50 * mm, f"Husbanken · {PROGRAMME}")
    sheet.setFont("Helvetica-Bold", 30)
    sheet.drawCentredString(middle, height - 80 * mm, _("Kursbevis"))
    sheet.setFont("Helvetica", 13)
    sheet.drawCentredString(middle, height - 105 * mm, _("Dette bekrefter at"))
    sheet.setFont("Helvetica-Bold", 22)
    sheet.drawCentredString(middle, height - 122 * mm, registration.name)
    if organisation := registration.organisation_name:
        sheet.setFont("Helvetica", 13)
        sheet.drawCentredString(middle, height - 132 * mm, organisation)
    sheet.setFont("Helvetica", 13)
    sheet.drawCentredString(middle, height - 150 * mm, _("har deltatt på"))
    sheet.setFont("Helvetica-Bold", 16)
    lines = _wrap(gathering.title, "Helvetica-Bold", 16, width - 60 * mm)
    y = height - 165 * mm
    for line in lines:
        sheet.drawCentredString(middle, y, line)
        y -= 8 * mm
    sheet.setFont("Helvetica", 13)
    sheet.drawCentredString(middle, y - 4 * mm, gathering.date_span)
    if gathering.venue:
        sheet.drawCentredString(middle, y - 12 * mm, gathering.venue)
    if hours:
        sheet.drawCentredString(middle, y - 24 * mm, hours)
    sheet.setFont("Helvetica", 10)
    sheet.drawCentredString(
        middle,
        32 * mm,
        _("Utstedt %(date)s av %(organiser)s")
        % {
            "date": date_format(timezone.localdate(), "j. F Y"),
            "organiser": gathering.organiser,
        },
    )


def _wrap(text, font, size, width):
    """``text`` in lines no wider than ``width`` in ``font`` at ``size``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


# --- the participant list and the badges, for the day itself ---


def on_the_day(gathering):
    """Who comes to the venue: confirmed or attended, taking part on site, by
    municipality (the other organisations last) and name."""
    people = gathering.registrations.participants().filter(
        participation=Participation.ON_SITE
    )
    return sorted(
        people.select_related("municipality"),
        key=lambda person: (
            person.municipality is None,
            person.municipality.title if person.municipality else "",
            person.name.casefold(),
        ),
    )


def participant_list(gathering, people):
    """Per municipality, alphabetical, with a column to sign: A4 landscape."""
    buffer = io.BytesIO()
    title = _("Deltakerliste: %(title)s") % {"title": gathering.title}
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="Husbanken",
        lang=get_language() or "nb",
    )
    when = gathering.date_span + (f" · {gathering.venue}" if gathering.venue else "")
    story = [
        Paragraph(_escape(title), STYLES["title"]),
        Paragraph(_escape(when), STYLES["text"]),
        Spacer(0, 4 * mm),
    ]
    groups = itertools.groupby(
        people,
        key=lambda person: (
            person.municipality.title
            if person.municipality
            else _("Andre organisasjoner")
        ),
    )
    widths = [70 * mm, 80 * mm, 35 * mm, 82 * mm]
    for group, members in groups:
        rows = [
            [_("Navn"), _("Organisasjon og rolle"), _("Spesialkost"), _("Signatur")]
        ]
        for person in members:
            rows.append(
                [
                    Paragraph(_escape(person.name), STYLES["text"]),
                    Paragraph(
                        _escape(
                            " – ".join(
                                part
                                for part in (person.organisation_name, person.role)
                                if part
                            )
                        ),
                        STYLES["text"],
                    ),
                    Paragraph(_escape(person.dietary_needs), STYLES["text"]),
                    "",
                ]
            )
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 10),
                    ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 1), (-1, -1), 7),
                    ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
                ]
            )
        )
        story.append(
            KeepTogether([Paragraph(_escape(group), STYLES["heading"]), table])
        )
    if not people:
        story.append(Paragraph(_escape(_("Ingen deltakere ennå.")), STYLES["text"]))
    document.build(story)
    return buffer.getvalue()


def badges(gathering, people):
    """Name badges, eight to a sheet, with cutting lines: name, organisation and
    role, municipality."""
    width, height = A4
    left = (width - BADGE_COLUMNS * BADGE_WIDTH) / 2
    top = height - (height - BADGE_ROWS * BADGE_HEIGHT) / 2
    per_sheet = BADGE_COLUMNS * BADGE_ROWS

    def draw(sheet):
        for number, person in enumerate(people):
            if number and number % per_sheet == 0:
                sheet.showPage()
            place = number % per_sheet
            x = left + (place % BADGE_COLUMNS) * BADGE_WIDTH
            y = top - (place // BADGE_COLUMNS + 1) * BADGE_HEIGHT
            _badge(sheet, x, y, person, gathering)
        if not people:
            sheet.setFont("Helvetica", 12)
            sheet.drawString(20 * mm, height - 30 * mm, _("Ingen deltakere ennå."))

    return _pdf(draw, _("Navnelapper: %(title)s") % {"title": gathering.title})


def _badge(sheet, x, y, person, gathering):
    sheet.setStrokeColor(colors.lightgrey)
    sheet.setLineWidth(0.5)
    sheet.rect(x, y, BADGE_WIDTH, BADGE_HEIGHT)
    middle = x + BADGE_WIDTH / 2
    size = 20
    lines = _wrap(person.name, "Helvetica-Bold", size, BADGE_WIDTH - 10 * mm)
    while len(lines) > 2 and size > 12:
        size -= 2
        lines = _wrap(person.name, "Helvetica-Bold", size, BADGE_WIDTH - 10 * mm)
    sheet.setFont("Helvetica-Bold", size)
    line_y = y + BADGE_HEIGHT - 22 * mm
    for line in lines[:2]:
        sheet.drawCentredString(middle, line_y, line)
        line_y -= size * 1.2
    sheet.setFont("Helvetica", 10)
    details = [
        part
        for part in (
            person.role,
            person.organisation if not person.municipality else "",
            person.municipality.title if person.municipality else "",
        )
        if part
    ]
    detail_y = y + 16 * mm
    for detail in details[:2]:
        sheet.drawCentredString(middle, detail_y, detail[:60])
        detail_y -= 5 * mm
    sheet.setFont("Helvetica", 7)
    sheet.setFillColor(colors.grey)
    sheet.drawCentredString(middle, y + 4 * mm, gathering.title[:80])
    sheet.setFillColor(colors.black)


def _escape(text):
    """Text for a ReportLab paragraph, which reads a little markup."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def filename(kind, gathering):
    """«kursbevis-fagsamling-bergen.pdf»."""
    return f"{kind}-{gathering.slug}.pdf"
