"""Extract a bulletin PDF's text with pdfminer.six, in the shape parse_bulletin expects."""
from __future__ import annotations

import os
from typing import BinaryIO


def extract_text(path_or_file: str | os.PathLike[str] | BinaryIO) -> str:
    """Return the PDF's text: one line per layout line, blank lines between text boxes, a form feed per page."""
    # Imported here so the parser and its callers load without pdfminer installed.
    from pdfminer.high_level import extract_text as pdfminer_extract_text

    # pdfminer ends each page with a form feed, kept: the parser reads a number first or last on a
    # page as its page number and drops it, so a paragraph runs on across the page turn.
    return pdfminer_extract_text(path_or_file)
