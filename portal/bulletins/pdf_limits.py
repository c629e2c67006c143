"""Extract a PDF's text in a child process held to limits of pages, unpacked bytes, memory and time."""
from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

CHILD = Path(__file__).with_name("pdf_child.py")
EXIT_REFUSED, EXIT_MEMORY = 3, 4
#: How the kernel ends a child past its CPU limit (SIGXCPU), or we do past the wall clock (SIGKILL).
TIME_SIGNALS = {-signal.SIGXCPU, -signal.SIGKILL}


@dataclass(frozen=True)
class PdfLimits:
    pages: int
    unpacked: int
    memory: int
    seconds: float

    @classmethod
    def from_config(cls, config) -> PdfLimits:
        return cls(pages=int(config["PDF_MAX_PAGES"]), unpacked=int(config["PDF_MAX_UNPACKED"]),
                   memory=int(config["PDF_MAX_MEMORY"]), seconds=float(config["PDF_MAX_SECONDS"]))


class PdfRefused(Exception):
    """The PDF passed a limit (`reason`: pages, unpacked, memory, time) or is damaged (`error`)."""

    def __init__(self, reason: str, **details):
        super().__init__(reason)
        self.reason, self.details = reason, details


def extract_text_within(data: bytes, limits: PdfLimits) -> str:
    """Return the PDF's text (lines as the parser wants them), or raise PdfRefused."""
    arguments = {**asdict(limits), "seconds": max(1, math.ceil(limits.seconds))}
    # -I: the child ignores PYTHON* variables and the user's site; it needs only pdfminer.
    command = [sys.executable, "-I", str(CHILD), json.dumps(arguments)]
    try:
        done = subprocess.run(command, input=data, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              timeout=limits.seconds, check=False)
    except subprocess.TimeoutExpired:  # run() has killed and reaped the child
        raise PdfRefused("time", limit=limits.seconds) from None
    answer = _answer(done.stdout)
    if done.returncode == 0 and "text" in answer:
        # pdfminer ends each page with a form feed, kept: the parser finds page numbers by it.
        return answer["text"]
    if "refused" in answer:
        raise PdfRefused(answer.pop("refused"), **answer)
    if done.returncode in TIME_SIGNALS:
        raise PdfRefused("time", limit=limits.seconds)
    if done.returncode == EXIT_MEMORY or done.returncode == -signal.SIGSEGV:
        raise PdfRefused("memory", limit=limits.memory)
    raise PdfRefused("damaged", error=answer.get("error") or f"exit status {done.returncode}")


def _answer(output: bytes) -> dict:
    try:
        answer = json.loads(output)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
