"""Extract a bulletin PDF's text with pdfminer.six, in the shape parse_bulletin expects."""
from __future__ import annotations

import os
from typing import BinaryIO


def extract_text(path_or_file: str | os.PathLike[str] | BinaryIO) -> str:
    """Return the PDF's text: one line per layout line, blank lines between text boxes."""
    # Imported here so the parser and its callers load without pdfminer installed.
    from pdfminer.high_level import extract_text as pdfminer_extract_text

    text = pdfminer_extract_text(path_or_file)
    # pdfminer ends each page with a form feed; the parser wants plain lines (page
    # numbers alone on a line are dropped there, so a paragraph may run on across pages).
    return text.replace("\x0c", "\n")
