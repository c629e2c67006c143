"""Word files made in the tests with python-docx, in the styles staff write bulletins in."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "bulletin-2022-07.txt"
WORD_BULLET = "\uf06c"  # the sample's PDF shows Word's Wingdings bullet as this private-use glyph


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bold(document, text: str):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def add_table(document, rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def sample_paragraphs() -> list[str]:
    """The sample's text as the paragraphs of the Word file it was printed from.

    The PDF's extraction ends a paragraph's last line with a space; lines of page numbers go
    (Word keeps them in the footer); a Latin word wrapped at a line's end keeps its space.
    """
    paragraphs, current = [], ""
    for raw in SAMPLE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or re.fullmatch(r"[0-9]{1,3}", line):
            continue
        if current and re.match(r"[A-Za-z]", line) and re.search(r"[A-Za-z]$", current):
            current += " "
        current += line
        if raw[-1].isspace():
            paragraphs.append(current)
            current = ""
    return paragraphs + ([current] if current else [])


def sample_as_word() -> bytes:
    """The sample as staff write it: numbered headings typed, articles as Word's bulleted list."""
    document = docx.Document()
    for paragraph in sample_paragraphs():
        if paragraph.startswith(WORD_BULLET):
            document.add_paragraph(paragraph[1:].strip(), style="List Bullet")
        else:
            document.add_paragraph(paragraph)
    return saved(document)


def zip_of(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, data in files.items():
            package.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(megabytes: int) -> bytes:
    """A .docx-looking package whose document part unpacks to `megabytes` MB of zeros (about 1:1000)."""
    content_types = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    return zip_of({"[Content_Types].xml": content_types, "word/document.xml": b"\0" * (megabytes * 1024 * 1024)})
