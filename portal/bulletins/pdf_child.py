"""Read a PDF's text under resource limits: run as a script, with the PDF on stdin and JSON on stdout.

portal.bulletins.pdf_limits starts this file in a child process, so that whatever pdfminer does with
a hostile file (a compression bomb, a page of a million text operators, twenty thousand pages) costs
at most the memory, CPU time and pages given here, and kills nothing but this process. It imports
only the standard library and pdfminer, to start quickly and to stay outside the application.
"""
from __future__ import annotations

import io
import json
import logging
import resource
import sys
import zlib

#: Exit statuses the parent reads when no JSON could be written.
EXIT_REFUSED, EXIT_MEMORY = 3, 4


class Refused(Exception):
    """A limit the PDF passes, with what it reached."""

    def __init__(self, reason: str, **details):
        super().__init__(reason)
        self.reason, self.details = reason, details


class Budget:
    """Count the bytes every stream unpacks to, against one limit for the whole file."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0

    def take(self, size: int) -> None:
        self.used += size
        if self.used > self.limit:
            raise Refused("unpacked", limit=self.limit)

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


class BoundedZlib:
    """pdfminer's view of zlib, whose decompress stops one byte past the budget instead of filling memory."""

    error = zlib.error

    def __init__(self, budget: Budget):
        self.budget = budget

    def decompress(self, data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, self.budget.left + 1)
        if len(out) > self.budget.left:
            raise Refused("unpacked", limit=self.budget.limit)
        return out + inflater.flush() if not inflater.unconsumed_tail else out

    def decompressobj(self, *args, **kwargs):
        return zlib.decompressobj(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(zlib, name)


def limit_resources(memory: int, seconds: int) -> None:
    """Cap this process's address space and CPU time (the kernel ends it past the CPU limit)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def guard_streams(budget: Budget) -> None:
    """Make every stream decode count against the budget, whatever its filter (LZW, run-length...)."""
    from pdfminer import pdftypes

    pdftypes.zlib = BoundedZlib(budget)
    decode = pdftypes.PDFStream.decode

    def counted(stream) -> None:
        decode(stream)
        budget.take(len(stream.data or b""))

    pdftypes.PDFStream.decode = counted


def declared_pages(document) -> int:
    """Return the page count the document's page tree declares (0 when it declares none)."""
    from pdfminer.pdftypes import resolve1

    pages = resolve1(document.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else 0
    return count if isinstance(count, int) else 0


def extract(data: bytes, max_pages: int, budget: Budget) -> str:
    """Return the text, one line per layout line, refusing past the page or unpacked-bytes limit."""
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    guard_streams(budget)
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    # The declared count first: it costs nothing, where reading the pages costs their content.
    pages = declared_pages(document)
    if pages > max_pages:
        raise Refused("pages", pages=pages, limit=max_pages)
    output = io.StringIO()
    resources = PDFResourceManager(caching=True)
    device = TextConverter(resources, output, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    for number, page in enumerate(PDFPage.create_pages(document), 1):
        if number > max_pages:  # a page tree that under-declares its count
            raise Refused("pages", pages=number, limit=max_pages)
        interpreter.process_page(page)
    return output.getvalue()


def answer(message: dict) -> None:
    sys.stdout.buffer.write(json.dumps(message).encode())


def main() -> int:
    limits = json.loads(sys.argv[1])
    # Loaded before the limits, so that they bound the reading, not the start-up.
    import pdfminer.converter, pdfminer.pdfinterp, pdfminer.pdfpage  # noqa: F401,E401
    limit_resources(limits["memory"], limits["seconds"])
    logging.disable(logging.CRITICAL)  # pdfminer warns per damaged object; the parent wants one answer
    data = sys.stdin.buffer.read()
    try:
        text = extract(data, limits["pages"], Budget(limits["unpacked"]))
    except Refused as refusal:
        answer({"refused": refusal.reason, **refusal.details})
        return EXIT_REFUSED
    except MemoryError:
        return EXIT_MEMORY
    except Exception as error:  # pdfminer raises many kinds for damaged files
        answer({"error": type(error).__name__})
        return 1
    answer({"text": text})
    return 0


if __name__ == "__main__":
    sys.exit(main())
