"""Every interface text has its Chinese translation, and the compiled catalogue is current."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "portal/translations/zh/LC_MESSAGES/messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("portal/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]


def source_messages() -> set[str]:
    found = extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS,
                             directory_filter=lambda d: not Path(d).name.startswith((".", "__")))
    return {message if isinstance(message, str) else message[0] for _f, _l, message, _c, _x in found}


def singular(value):
    return value[0] if isinstance(value, tuple) else value


def test_every_interface_text_has_a_chinese_translation():
    catalogue = {singular(m.id): singular(m.string) for m in read_po(PO.open("rb")) if m.id}
    missing = sorted(m for m in source_messages() if not catalogue.get(m))
    assert missing == [], "run `make translations` and translate these"


def test_compiled_catalogue_matches_its_source():
    def as_tuple(value):
        return tuple(value) if isinstance(value, (list, tuple)) else (value,)

    source = {as_tuple(m.id): as_tuple(m.string) for m in read_po(PO.open("rb")) if m.id}
    compiled = {as_tuple(m.id): as_tuple(m.string) for m in read_mo(PO.with_suffix(".mo").open("rb")) if m.id}
    assert compiled == source, "run `pybabel compile -d portal/translations -l zh`"
