"""Read a Word file (.docx) within limits of parts, unpacked bytes and paragraphs; refuse what is none.

A .docx is a zip package. Its central directory says what each part unpacks to, and Python's zipfile
never inflates a part past that declared size (a part that lies fails its CRC check instead), so
checking the declared sizes before python-docx opens the package bounds the memory it can take:
a zip bomb is refused from its directory, before a byte of it is inflated.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from portal.bulletins.parsing import Line

#: A bulletin with its images holds a few dozen parts; a package of thousands is none.
MAX_PARTS = 5000
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")


@dataclass(frozen=True)
class DocxLimits:
    unpacked: int  # bytes all parts may unpack to
    xml: int  # bytes the XML parts may unpack to (python-docx parses them into trees)
    paragraphs: int  # paragraphs and table rows

    @classmethod
    def from_config(cls, config) -> DocxLimits:
        return cls(unpacked=int(config["DOCX_MAX_UNPACKED"]), xml=int(config["DOCX_MAX_XML"]),
                   paragraphs=int(config["DOCX_MAX_PARAGRAPHS"]))


class DocxRefused(Exception):
    """Why a file is no readable Word document (`reason`: old_word, not_zip, not_word, parts, unpacked,
    paragraphs, damaged), with the limit or error in `details`."""

    def __init__(self, reason: str, **details):
        super().__init__(reason)
        self.reason, self.details = reason, details


def check_package(data: bytes, limits: DocxLimits) -> None:
    """Refuse, from the zip's directory alone, a file that is no Word package or unpacks past the limits."""
    if data.startswith(_OLE):
        raise DocxRefused("old_word")
    if not data.startswith(_ZIP):
        raise DocxRefused("not_zip")
    # Counted before zipfile reads the directory, which holds an object per part in memory.
    if data.count(b"PK\x01\x02") > MAX_PARTS:
        raise DocxRefused("parts", limit=MAX_PARTS)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = {info.filename: info for info in package.infolist()}
            if sum(info.file_size for info in parts.values()) > limits.unpacked:
                raise DocxRefused("unpacked", limit=limits.unpacked)
            if sum(info.file_size for name, info in parts.items() if name.endswith((".xml", ".rels"))) > limits.xml:
                raise DocxRefused("unpacked", limit=limits.xml)
            main = _main_part(package, parts)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise DocxRefused("not_zip") from None
    if "[Content_Types].xml" not in parts or main not in parts:
        raise DocxRefused("not_word")


def _main_part(package: zipfile.ZipFile, parts: dict) -> str:
    """Return the name of the package's main document (word/document.xml in Word's own files)."""
    if "_rels/.rels" not in parts:
        return "word/document.xml"
    for tag in _RELATIONSHIP.findall(package.read("_rels/.rels")):
        kind, target = re.search(rb'Type="([^"]*)"', tag), re.search(rb'Target="([^"]*)"', tag)
        if kind and target and kind[1].endswith(b"/officeDocument"):
            return target[1].decode("utf-8", "replace").lstrip("/")
    return "word/document.xml"


def read_docx_within(data: bytes, limits: DocxLimits) -> list[Line]:
    """Return the Word file's lines for the parser, or raise DocxRefused."""
    from portal.bulletins.parsing.word import TooManyParagraphs, word_lines

    check_package(data, limits)
    try:
        return word_lines(data, limits.paragraphs)
    except TooManyParagraphs:
        raise DocxRefused("paragraphs", limit=limits.paragraphs) from None
    except Exception as error:  # python-docx, zipfile and lxml raise many kinds for damaged files
        raise DocxRefused("damaged", error=_describe(error)) from None


def _describe(error: Exception) -> str:
    """Name what broke in a few words (python-docx's own messages name a temporary file)."""
    text = " ".join(str(error).split())
    if isinstance(error, ValueError) and "content type" in text:
        return "not a Word document"
    return type(error).__name__ if len(text) > 80 or not text else f"{type(error).__name__}: {text}"
