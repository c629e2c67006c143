"""Uploads: images (logos, event covers) checked and re-encoded with Pillow, stored outside static/;
and a private store for documents no public URL serves (an applicant's business licence)."""
from __future__ import annotations

import io
import os
import secrets
import warnings

from flask import current_app, send_from_directory
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_BYTES = 5 * 1024 * 1024
#: Far above any real logo; refuses decompression bombs before they are decoded.
MAX_PIXELS = 25_000_000
MAX_SIDE = 1200
NAME_LENGTH = 32


class UploadError(ValueError):
    """An upload that was refused, with a reason fit to show to the person."""


def _folder(kind: str) -> str:
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], kind)
    os.makedirs(folder, exist_ok=True)
    return folder


def save_image(stream, kind: str) -> str:
    """Check an uploaded image, re-encode it as WebP and return its generated file name."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UploadError(_l("The image is larger than 5 MB."))
    image = open_image(data)
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    name = secrets.token_hex(NAME_LENGTH // 2) + ".webp"
    # Re-encoding drops anything hidden in the original file (scripts, metadata, polyglots).
    image.save(os.path.join(_folder(kind), name), "WEBP", quality=85)
    return name


def add_image(data: dict, key: str, field, kind: str) -> dict | None:
    """Put the image uploaded in a form's `field` into data[key]; None (the field's error set) if refused."""
    if field.data:
        try:
            data[key] = save_image(field.data.stream, kind)
        except UploadError as error:
            field.errors.append(str(error))
            return None
    return data


def open_image(data: bytes, formats=ACCEPTED_FORMATS, refusal=None) -> Image.Image:
    """Decode an uploaded image of one of `formats` within MAX_PIXELS, or raise UploadError (`refusal`)."""
    refusal = refusal or _l("Please upload a PNG, JPEG or WebP image.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in formats:
                raise UploadError(refusal)
            # Counted from the header, before decoding: a bomb of small bytes never fills memory.
            if image.width * image.height > MAX_PIXELS:
                raise UploadError(_l("The image has too many pixels."))
            image.load()
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(_l("The image has too many pixels.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UploadError(refusal) from None
    return image


def is_valid_name(name: str) -> bool:
    stem, dot, ext = (name or "").partition(".")
    return len(stem) == NAME_LENGTH and ext == "webp" and all(c in "0123456789abcdef" for c in stem)


def send_image(kind: str, name: str):
    """Serve a stored image with its type and a long cache (names never change content)."""
    from flask import abort

    if not is_valid_name(name):
        abort(404)
    response = send_from_directory(_folder(kind), name, mimetype="image/webp", max_age=30 * 86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response


def delete_image(kind: str, name: str | None) -> None:
    if name and is_valid_name(name):
        try:
            os.remove(os.path.join(_folder(kind), name))
        except FileNotFoundError:
            pass


# The private store: documents for staff eyes only. A folder of its own (PRIVATE_FOLDER, by
# default instance/private), apart from UPLOAD_FOLDER, so that nothing that ever serves the
# uploads (a web server alias, a backup restored elsewhere) can reach them; served only through
# a view that checks who asks (send_private).
PRIVATE_EXTENSIONS = {"pdf", "png", "jpg"}


def _private_folder(kind: str) -> str:
    folder = os.path.join(current_app.config["PRIVATE_FOLDER"], kind)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


def is_valid_private_name(name: str | None) -> bool:
    stem, dot, ext = (name or "").partition(".")
    return len(stem) == NAME_LENGTH and ext in PRIVATE_EXTENSIONS and all(c in "0123456789abcdef" for c in stem)


def save_private(data: bytes, kind: str, extension: str) -> str:
    """Write checked bytes under a generated name in the private store; return the name."""
    if extension not in PRIVATE_EXTENSIONS:
        raise ValueError(f"not a private file type: {extension}")
    name = f"{secrets.token_hex(NAME_LENGTH // 2)}.{extension}"
    path = os.path.join(_private_folder(kind), name)
    # O_EXCL: a generated name never overwrites; 0600: readable by the portal's user alone.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return name


def has_private(kind: str, name: str | None) -> bool:
    return is_valid_private_name(name) and os.path.isfile(os.path.join(_private_folder(kind), name))


def send_private(kind: str, name: str, mimetype: str, download_name: str, inline: bool = False):
    """Serve a private file to someone a view has authorised: never cached, never sniffed, sandboxed."""
    from flask import abort

    if not has_private(kind, name):
        abort(404)
    response = send_from_directory(_private_folder(kind), name, mimetype=mimetype, as_attachment=not inline,
                                   download_name=download_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    # Whatever a document holds runs nowhere: no scripts, no plugins, no forms, even if opened in a tab.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


def delete_private(kind: str, name: str | None) -> None:
    if is_valid_private_name(name):
        try:
            os.remove(os.path.join(_private_folder(kind), name))
        except FileNotFoundError:
            pass
