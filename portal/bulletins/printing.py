"""Printing an issue to PDF with WeasyPrint: whether this machine can, and the rendering itself.

WeasyPrint is imported here only, and lazily: a machine without it (or without its Pango
libraries, or without the CJK font) runs every other part of the portal, and the log says
which package to install. WeasyPrint never reaches the network: its URL fetcher serves this
site's static files from disk and refuses every other address.
"""
from __future__ import annotations

import logging
import mimetypes
import os
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from markupsafe import Markup
from werkzeug.security import safe_join

from portal.bulletins.chart import bar_chart

log = logging.getLogger(__name__)

#: Where a missing part comes from, for the one log line that says what to install.
ENGINE_PACKAGE = "the Python package weasyprint (pip install 'weasyprint>=62')"
PANGO_PACKAGES = "the Debian packages libpango-1.0-0 libpangoft2-1.0-0 (apt-get install)"
FONT_PACKAGE = "the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk)"
#: The family static/css/bulletin-pdf.css names, found by fontconfig in BULLETIN_PDF_FONT's file.
PRINT_FONT_FAMILY = "Noto Sans CJK SC"
_told: set[str] = set()
_one_at_a_time = threading.Lock()


class PrintingUnavailable(RuntimeError):
    """This machine cannot make PDFs; the message names the package to install."""


def missing_part() -> str | None:
    """Say which package this machine lacks to print bulletins, or None if it has them all."""
    font = current_app.config["BULLETIN_PDF_FONT"]
    if not os.path.isfile(font):
        return f"{FONT_PACKAGE}: {font} is missing"
    try:
        _import_weasyprint()
    except ImportError:
        return ENGINE_PACKAGE
    except OSError as error:  # WeasyPrint loads Pango with ctypes/cffi when imported
        return f"{PANGO_PACKAGES}: {error}"
    return None


def _import_weasyprint():
    """Import WeasyPrint without the setting it changes for every image the process reads.

    Importing it sets Pillow's ImageFile.LOAD_TRUNCATED_IMAGES for the whole process, which would
    let a truncated logo or licence through the upload checks (portal/uploads.py); set it back.
    """
    from PIL import ImageFile

    loads_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import weasyprint
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = loads_truncated
    return weasyprint


def can_print() -> bool:
    """Whether PDFs can be made here; logs once per process which package to install if not."""
    missing = missing_part()
    if missing is None:
        return True
    if missing not in _told:
        _told.add(missing)
        log.warning("Bulletin PDFs are off on this machine: install %s", missing)
    return False


def print_html(bulletin) -> str:
    """The issue as the print template renders it, in Chinese (the association prints in Chinese)."""
    charts = {article.id: _print_chart(bar_chart(article.figures)) for article in bulletin.articles if article.figures}
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return render_template("bulletins/print.html", bulletin=bulletin, charts=charts)


def _print_chart(chart: Markup | None) -> Markup | None:
    # WeasyPrint draws inline SVG apart from the page's CSS: name the embedded font on the chart itself.
    if chart is None:
        return None
    return Markup(str(chart).replace("<svg ", f'<svg font-family="{PRINT_FONT_FAMILY}" ', 1))


def render_pdf(html: str) -> bytes:
    """Turn the print HTML into PDF bytes; raise PrintingUnavailable where this machine cannot."""
    missing = missing_part()
    if missing is not None:
        raise PrintingUnavailable(f"install {missing}")
    weasyprint = _import_weasyprint()

    base_url = current_app.config["SITE_URL"].rstrip("/") + "/"
    # One at a time per process: the worker's threads would otherwise share Pango and fontconfig
    # (not documented as thread-safe) and both cores for seconds.
    with _one_at_a_time:
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=site_fetcher())
        return document.write_pdf()


def local_static_file(url: str) -> Path:
    """The file of this site's static folder that `url` names; ValueError for any other address."""
    site = urlsplit(current_app.config["SITE_URL"])
    parts = urlsplit(url)
    prefix = (site.path.rstrip("/") + current_app.static_url_path).rstrip("/") + "/"
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc) or not parts.path.startswith(prefix):
        raise ValueError(f"not fetched (only this site's static files are): {url[:200]}")
    path = safe_join(current_app.static_folder, unquote(parts.path[len(prefix):]))
    if path is None or not os.path.isfile(path):
        raise ValueError(f"no such static file: {url[:200]}")
    return Path(path)


def site_fetcher():
    """A WeasyPrint URL fetcher that reads this site's static files from disk and refuses the rest."""
    from weasyprint import urls

    def read(url: str) -> tuple[bytes, str]:
        path = local_static_file(url)
        return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 68 and later: a class with fetch()
        class SiteFetcher(urls.URLFetcher):
            def fetch(self, url, headers=None):
                data, mimetype = read(url)
                return urls.URLFetcherResponse(url, data, {"Content-Type": mimetype})

        return SiteFetcher()

    def fetch(url: str) -> dict:  # WeasyPrint 62-67: a function returning a dict
        data, mimetype = read(url)
        return {"string": data, "mime_type": mimetype, "redirected_url": url}

    return fetch
