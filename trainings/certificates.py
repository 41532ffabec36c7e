"""The certificate PDF: A4 landscape, drawn with ReportLab in the worker.

It names the participant (in any script: core/pdftext.py), the training and its kind (once:
"Pelatihan Juru Las" is not preceded by "pelatihan" again), its dates and hours in JP, every
organising agency, and who signs it (the training's signatory, else the organisers)."""

import io
import re

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from core.http import absolute_url
from core.pdftext import Writer

from .enums import TrainingKind

BRAND = HexColor("#0b5d3b")
INK = HexColor("#222222")

# The kind as the sentence "took part in the …" names it.
KIND_IN_SENTENCE = {
    TrainingKind.TRAINING: pgettext_lazy("certificate: took part in the …", "training"),
    TrainingKind.WORKSHOP: pgettext_lazy("certificate: took part in the …", "workshop"),
    TrainingKind.BIMTEK: pgettext_lazy(
        "certificate: took part in the …", "technical guidance (Bimtek)"
    ),
    TrainingKind.CERTIFICATION: pgettext_lazy("certificate: took part in the …", "certification"),
    TrainingKind.APPRENTICESHIP: pgettext_lazy("certificate: took part in the …", "apprenticeship"),
}
# A title that starts with one of these already says what kind of event it was.
KIND_WORDS = re.compile(
    r"^(pelatihan|diklat|training|workshop|lokakarya|bimbingan teknis|bimtek|"
    r"technical guidance|sertifikasi|certification|uji kompetensi|magang|apprenticeship|"
    r"internship)\b",
    re.IGNORECASE,
)


def took_part_in(training):
    """The line before the title: the kind only where the title does not say it already."""
    kind = str(KIND_IN_SENTENCE[TrainingKind(training.kind)])
    title = training.title.strip()
    if KIND_WORDS.match(title) or title.lower().startswith(kind.lower()):
        return _("took part in")
    return _("took part in the %(kind)s") % {"kind": kind}


def _date_range(training):
    start = timezone.localtime(training.starts_at).date()
    end = timezone.localtime(training.ends_at).date()
    if start == end:
        return formats.date_format(start, "j F Y")
    return f"{formats.date_format(start, 'j F Y')} – {formats.date_format(end, 'j F Y')}"


def _when_and_hours(training):
    hours = training.jp
    if not hours:
        return _date_range(training)
    return " · ".join(
        [
            _date_range(training),
            ngettext("%(count)s lesson hour (JP)", "%(count)s lesson hours (JP)", hours)
            % {"count": hours},
        ]
    )


def render_certificate(certificate):
    registration = certificate.registration
    training = registration.training
    participant = registration.user
    rows = list(training.organiser_rows.select_related("agency"))  # the lead first
    organisers = [row.agency.name for row in rows]
    verify_url = absolute_url(certificate.get_verify_url())
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    text = Writer(pdf)
    with translation.override(participant.preferred_language or settings.LANGUAGE_CODE):
        pdf.setTitle(_("Certificate %(code)s") % {"code": certificate.code})
        pdf.setAuthor("Sumut Mitra")
        pdf.setStrokeColor(BRAND)
        pdf.setLineWidth(6)
        pdf.rect(1 * cm, 1 * cm, width - 2 * cm, height - 2 * cm)
        pdf.setLineWidth(1)
        pdf.rect(1.4 * cm, 1.4 * cm, width - 2.8 * cm, height - 2.8 * cm)
        centre = width / 2
        usable = width - 6 * cm
        pdf.setFillColor(BRAND)
        text.draw(centre, height - 3.6 * cm, _("CERTIFICATE"), 34, bold=True, align="centre")
        pdf.setFillColor(INK)
        text.draw(centre, height - 4.8 * cm, _("This certifies that"), 14, align="centre")
        name = participant.full_name
        size = text.fit(name, 30, usable, bold=True)
        text.draw(centre, height - 6.4 * cm, name, size, bold=True, align="centre")
        text.draw(centre, height - 7.6 * cm, took_part_in(training), 14, align="centre")
        y = height - 8.8 * cm
        size = text.fit(training.title, 20, usable, bold=True, smallest=14)
        for line in text.lines(training.title, size, usable, bold=True):
            text.draw(centre, y, line, size, bold=True, align="centre")
            y -= size * 1.25
        y -= 0.3 * cm
        text.draw(centre, y, _when_and_hours(training), 13, align="centre")
        y -= 1.0 * cm
        organised = _("Organised by %(names)s") % {"names": ", ".join(organisers)}
        for line in text.lines(organised, 12, usable):
            text.draw(centre, y, line, 12, align="centre")
            y -= 15
        _signature(pdf, text, training, rows, width)
        _verification(pdf, text, certificate, verify_url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _signature(pdf, text, training, rows, width):
    """Bottom right: the signing agency, room for the signature, the signatory's name and
    position (or, without a signatory, the organising committee)."""
    centre = width - 7.2 * cm
    room = 6.8 * cm
    lead = rows[0].agency.name if rows else ""
    issued = formats.date_format(timezone.localdate(), "j F Y")
    text.draw(centre, 6.8 * cm, issued, 10, align="centre")
    for n, line in enumerate(text.lines(lead, 10, room)[:2]):
        text.draw(centre, 6.3 * cm - n * 12, line, 10, align="centre")
    if training.signatory_name:
        name, position = training.signatory_name, training.signatory_title
    else:
        name, position = _("The organising committee"), ""
    size = text.fit(name, 12, room, bold=True, smallest=8)
    baseline = 3.5 * cm
    drawn = text.draw(centre, baseline, name, size, bold=True, align="centre")
    pdf.setLineWidth(0.6)
    pdf.setStrokeColor(INK)
    pdf.line(centre - drawn / 2, baseline - 3, centre + drawn / 2, baseline - 3)
    for n, line in enumerate(text.lines(position, 10, room)[:2]):
        text.draw(centre, baseline - 15 - n * 12, line, 10, align="centre")


def _verification(pdf, text, certificate, verify_url):
    """Bottom left: the QR code and the code to check the certificate with."""
    qr = QrCodeWidget(verify_url)
    left, bottom, right, top = qr.getBounds()
    side = 3.6 * cm
    drawing = Drawing(
        side, side, transform=[side / (right - left), 0, 0, side / (top - bottom), 0, 0]
    )
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, 2.2 * cm, 2.2 * cm)
    text.draw(6.2 * cm, 4.6 * cm, _("Verification code"), 10)
    text.draw(6.2 * cm, 4 * cm, certificate.code, 14, bold=True)
    check = _("Check it at %(url)s") % {"url": verify_url}
    # Up to the signature block on the right.
    text.draw(6.2 * cm, 3.4 * cm, check, text.fit(check, 9, 12 * cm, smallest=6))
    text.draw(6.2 * cm, 2.8 * cm, _("Issued by Sumut Mitra"), 9)
