"""A Word file past the limits on paragraphs or unpacked XML is refused in one line, and nothing is stored."""
import io
import zipfile

import pytest

from tests.bulletins.test_word_import import CONTENT_TYPES, bulletin_count
from tests.bulletins.word_files import docx, saved, zip_of


@pytest.fixture
def app_config(app_config):
    return {**app_config, "DOCX_MAX_PARAGRAPHS": 50, "DOCX_MAX_XML": 2 * 1024 * 1024}


def test_a_word_file_past_the_paragraph_or_xml_limit_is_refused(app, tmp_path):
    document = docx.Document()
    for number in range(60):
        document.add_paragraph(f"第 {number} 段。")
    runner = app.test_cli_runner()
    (tmp_path / "long.docx").write_bytes(saved(document))
    result = runner.invoke(args=["bulletins", "import", str(tmp_path / "long.docx"), "--period", "2022-07"])
    assert result.exit_code != 0 and "超过 50 个段落" in result.output
    big = zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b" " * (3 * 1024 * 1024)})
    (tmp_path / "big.docx").write_bytes(big)
    result = runner.invoke(args=["bulletins", "import", str(tmp_path / "big.docx"), "--period", "2022-07"])
    assert result.exit_code != 0 and "解压后超过 2 MB" in result.output
    assert bulletin_count(app) == 0


def test_a_package_whose_directory_understates_a_part_fails_its_check_instead_of_inflating_it(app, tmp_path):
    with zipfile.ZipFile(io.BytesIO(saved(docx.Document()))) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["word/document.xml"] += b"<!--" + b" " * (3 * 1024 * 1024 + 7) + b"-->"  # past DOCX_MAX_XML
    honest = zip_of(parts)
    with zipfile.ZipFile(io.BytesIO(honest)) as package:
        size = package.getinfo("word/document.xml").file_size.to_bytes(4, "little")
    assert honest.count(size) == 2  # the local header's and the central directory's
    lying = honest.replace(size, (1000).to_bytes(4, "little"))
    (tmp_path / "lying.docx").write_bytes(lying)
    result = app.test_cli_runner().invoke(args=["bulletins", "import", str(tmp_path / "lying.docx"),
                                                "--period", "2022-07"])
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1
    assert "BadZipFile" in result.output  # its CRC check, after 1,000 bytes inflated
    assert bulletin_count(app) == 0
