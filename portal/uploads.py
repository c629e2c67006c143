"""Image uploads (logos, event covers): checked and re-encoded with Pillow, stored outside static/."""
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
    image = _open_checked(data)
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


def _open_checked(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise UploadError(_l("Please upload a PNG, JPEG or WebP image."))
            if image.width * image.height > MAX_PIXELS:
                raise UploadError(_l("The image has too many pixels."))
            image.load()
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(_l("The image has too many pixels.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UploadError(_l("Please upload a PNG, JPEG or WebP image.")) from None
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
