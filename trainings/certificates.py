"""The certificate PDF: A4 landscape, drawn with ReportLab in the worker."""

import io

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from core.http import absolute_url

BRAND = HexColor("#0b5d3b")


def _date_range(training):
    start = timezone.localtime(training.starts_at).date()
    end = timezone.localtime(training.ends_at).date()
    if start == end:
        return formats.date_format(start, "j F Y")
    return f"{formats.date_format(start, 'j F Y')} – {formats.date_format(end, 'j F Y')}"


def _fit(pdf, text, font, size, width):
    """The largest size up to `size` at which `text` fits in `width`."""
    while size > 10 and pdf.stringWidth(text, font, size) > width:
        size -= 1
    return size


def render_certificate(certificate):
    registration = certificate.registration
    training = registration.training
    participant = registration.user
    organisers = [row.agency.name for row in training.organiser_rows.select_related("agency")]
    verify_url = absolute_url(certificate.get_verify_url())
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
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
        pdf.setFont("Helvetica-Bold", 34)
        pdf.drawCentredString(centre, height - 4 * cm, _("CERTIFICATE"))
        pdf.setFillColor(HexColor("#222222"))
        pdf.setFont("Helvetica", 14)
        pdf.drawCentredString(centre, height - 5.2 * cm, _("This certifies that"))
        name = participant.full_name
        size = _fit(pdf, name, "Helvetica-Bold", 30, usable)
        pdf.setFont("Helvetica-Bold", size)
        pdf.drawCentredString(centre, height - 7 * cm, name)
        pdf.setFont("Helvetica", 14)
        pdf.drawCentredString(
            centre,
            height - 8.4 * cm,
            _("took part in the %(kind)s") % {"kind": training.get_kind_display()},
        )
        size = _fit(pdf, training.title, "Helvetica-Bold", 20, usable)
        pdf.setFont("Helvetica-Bold", size)
        pdf.drawCentredString(centre, height - 9.6 * cm, training.title)
        pdf.setFont("Helvetica", 13)
        pdf.drawCentredString(centre, height - 10.8 * cm, _date_range(training))
        organised = _("Organised by %(names)s") % {"names": ", ".join(organisers)}
        size = _fit(pdf, organised, "Helvetica", 12, usable)
        pdf.setFont("Helvetica", size)
        pdf.drawCentredString(centre, height - 12 * cm, organised)

        qr = QrCodeWidget(verify_url)
        left, bottom, right, top = qr.getBounds()
        side = 3.6 * cm
        drawing = Drawing(
            side, side, transform=[side / (right - left), 0, 0, side / (top - bottom), 0, 0]
        )
        drawing.add(qr)
        renderPDF.draw(drawing, pdf, 2.2 * cm, 2.2 * cm)
        pdf.setFont("Helvetica", 10)
        pdf.drawString(6.2 * cm, 4.6 * cm, _("Verification code"))
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(6.2 * cm, 4 * cm, certificate.code)
        pdf.setFont("Helvetica", 9)
        pdf.drawString(6.2 * cm, 3.4 * cm, _("Check it at %(url)s") % {"url": verify_url})
        issued = formats.date_format(timezone.localdate(), "j F Y")
        pdf.drawRightString(
            width - 2.2 * cm, 2.4 * cm, _("Issued on %(date)s by Sumut Mitra") % {"date": issued}
        )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
