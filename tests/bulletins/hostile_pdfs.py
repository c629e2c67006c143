"""Small generators of PDFs that cost a reader far more than their size: written by hand, byte by byte."""
from __future__ import annotations

import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def write_pdf(objects: list[bytes]) -> bytes:
    """Join numbered objects (1 is the catalog) into a PDF with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pages_pdf(contents: list[bytes], declared: int | None = None) -> bytes:
    """One page per content stream, sharing a font; `declared` overrides the page tree's /Count."""
    count = len(contents)
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count if declared is None else declared),
               FONT]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                       b" /Contents %d 0 R >>" % (first_page + 2 * i + 1))
        objects.append(content)
    return write_pdf(objects)


def text_page(text: bytes = b"Hello") -> bytes:
    return stream(b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text)


def flate_bomb(unpacked: int) -> bytes:
    """A one-page PDF whose content stream inflates to `unpacked` bytes of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(packer.compress(chunk[:min(len(chunk), unpacked - done)])
                      for done in range(0, unpacked, len(chunk))) + packer.flush()
    return pages_pdf([stream(packed, b"/Filter /FlateDecode")])


def text_operator_flood(characters: int) -> bytes:
    """A one-page PDF that draws `characters` single letters, each with its own operators."""
    operators = b"".join(b"%d %d Td (x) Tj " % (i % 7, -(i % 5)) for i in range(characters))
    return pages_pdf([stream(b"BT /F1 1 Tf " + operators + b"ET")])


def many_pages(count: int, declared: int | None = None) -> bytes:
    """A PDF of `count` pages that all draw one word (each its own tiny content stream)."""
    return pages_pdf([text_page(b"Page") for _ in range(count)], declared=declared)
