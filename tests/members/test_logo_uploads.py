"""Logo uploads: real images are re-encoded; hostile files are refused with a clear message."""
import io
import re

import pytest
from PIL import Image

from portal.extensions import db
from portal.members.models import ProfileRevision


def png_bytes(size=(64, 32), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, fmt)
    return buffer.getvalue()


def upload(rep, content: bytes, filename: str):
    from tests.conftest import csrf_from

    url = f"/members/{rep.user.firm_slug}/edit?lang=en"
    token = csrf_from(rep.get(url).get_data(as_text=True))
    return rep.post(url, data={"csrf_token": token, "name": "上传测试有限公司",
                               "logo_upload": (io.BytesIO(content), filename)},
                    content_type="multipart/form-data")


def proposed_logo(app):
    with app.app_context():
        revision = db.session.scalar(db.select(ProfileRevision))
        return revision.data.get("logo") if revision else None


@pytest.mark.parametrize("fmt, filename", [("PNG", "logo.png"), ("JPEG", "标志.jpg"), ("WEBP", "logo.webp")])
def test_representative_uploads_a_logo_that_is_re_encoded(login_as, app, client, fmt, filename):
    rep = login_as("member")
    response = upload(rep, png_bytes(fmt=fmt), filename)
    assert response.status_code == 302
    name = proposed_logo(app)
    assert re.fullmatch(r"[0-9a-f]{32}\.webp", name)  # our name, not theirs
    served = client.get(f"/members/logos/{name}")
    assert served.status_code == 200
    assert served.mimetype == "image/webp"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(served.data)).format == "WEBP"


@pytest.mark.parametrize("content, filename", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo.png"),
    (b"<html><script>alert(document.cookie)</script></html>", "logo.png"),
    (b"GIF89a" + b"\x00" * 100, "logo.gif"),
    (b"", "empty.png"),
])
def test_non_images_are_refused_with_a_clear_message(login_as, app, content, filename):
    rep = login_as("member")
    response = upload(rep, content, filename)
    assert response.status_code == 200
    assert "PNG, JPEG or WebP" in response.get_data(as_text=True)
    assert proposed_logo(app) is None


def test_a_decompression_bomb_is_refused(login_as, app):
    rep = login_as("member")
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # 400 megapixels, a few hundred KB
    response = upload(rep, buffer.getvalue(), "bomb.png")
    assert response.status_code == 200
    assert "too many pixels" in response.get_data(as_text=True)
    assert proposed_logo(app) is None


def test_an_oversized_file_is_refused(login_as, app):
    rep = login_as("member")
    response = upload(rep, png_bytes() + b"\x00" * (6 * 1024 * 1024), "big.png")
    assert response.status_code == 200
    assert "larger than 5 MB" in response.get_data(as_text=True)


def test_logo_names_cannot_reach_outside_the_folder(client):
    for name in ("../../instance/secret_key", "..%2F..%2Fsecret_key", "x.webp", "a" * 32 + ".svg"):
        assert client.get(f"/members/logos/{name}").status_code == 404
