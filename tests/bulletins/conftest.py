"""Fixtures for bulletins: the sample as the association sent it, and a PDF made in the test."""
import io
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "bulletin-2022-07.txt"


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def make_pdf(lines: list[str]) -> bytes:
    """A real PDF with Chinese text (reportlab's built-in CID font), one line per row."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("STSong-Light", 12)
    y = 800
    for line in lines:
        if y < 60:
            pdf.showPage()
            pdf.setFont("STSong-Light", 12)
            y = 800
        pdf.drawString(50, y, line)
        y -= 24
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_paged_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold the given lines, each page numbered in its footer."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number, lines in enumerate(pages, 1):
        pdf.setFont("STSong-Light", 12)
        for row, line in enumerate(lines):
            pdf.drawString(50, 780 - 24 * row, line)
        pdf.drawCentredString(300, 40, str(number))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def import_file(app):
    """Import a file as staff would, without the web form; returns the new bulletin's id."""
    from portal.bulletins.importer import import_bulletin
    from portal.bulletins.services import publish
    from portal.extensions import db

    def run(name: str, data: bytes, period=(2022, 7), publish_it=False, audience="public"):
        with app.app_context():
            bulletin = import_bulletin(None, name, data, period=period, audience=audience)
            if publish_it:
                publish(None, bulletin)
            db.session.commit()
            return bulletin.id

    return run
