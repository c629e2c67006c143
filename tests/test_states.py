"""Statuses and kinds are enums: code and templates name members, the database keeps the same values."""
import inspect
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import CheckConstraint
from sqlalchemy import inspect as inspect_database

from portal.database import one_of
from portal.events.states import EventStatus, RegistrationStatus
from portal.extensions import db
from portal.states import STATES

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["portal/**/*.py", "templates/**/*.html", "templates/**/*.txt"]
#: Not scanned: migrations keep the SQL they ran; the bulletin parser imports without Flask (and so
#: without the enums' labels) and names kinds by their stored values, held to SectionKind by
#: tests/bulletins/parsing/test_structure.py.
SKIPPED = ("portal/migrations/", "portal/bulletins/parsing")
QUOTED = r"""['"](?:{values})['"]"""


def literal_patterns(attribute: str, values: set[str]) -> list[re.Pattern]:
    """Return regexes for a quoted value of `attribute` compared, assigned or listed as that attribute."""
    value = QUOTED.format(values="|".join(sorted(map(re.escape, values))))
    return [re.compile(p) for p in (
        rf"\b{attribute}\s*(?:==|!=|=)\s*{value}",                        # status == "x", status="x"
        rf"{value}\s*(?:==|!=)\s*[\w.]*\b{attribute}\b",                   # "x" == item.status
        rf"""['"]{attribute}['"]\s*:\s*{value}""",                          # {"status": "x"}
        rf"\b{attribute}\s*,\s*[\w.]+\s*=\s*{value}",                      # x.status, x.at = "x", None
    )]


def group_pattern(attribute: str) -> re.Pattern:
    """Match `status in (...)`, `status not in [...]` and `status.in_([...])`, capturing the group."""
    return re.compile(rf"\b{attribute}\b(?:\s+(?:not\s+)?in\s*|\s*\.in_\(\s*)[(\[{{]([^)\]}}]*)")


def values_by_attribute() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for state, attribute in STATES.items():
        found.setdefault(attribute, set()).update(state.values())
    return found


def literals_in(text: str) -> list[str]:
    """Return each status or kind literal that `text` compares, assigns or lists."""
    hits = []
    for attribute, values in values_by_attribute().items():
        for pattern in literal_patterns(attribute, values):
            hits += [match.group(0) for match in pattern.finditer(text)]
        for match in group_pattern(attribute).finditer(text):
            if re.search(QUOTED.format(values="|".join(map(re.escape, values))), match.group(1)):
                hits.append(match.group(0))
    return hits


def enum_modules() -> set[Path]:
    return {Path(inspect.getsourcefile(state)).resolve() for state in STATES}


@pytest.mark.parametrize("line", [
    'if registration.status == "waiting":',
    "{% if item.status != 'draft' %}",
    '"x" if "confirmed" == item.status else "y"',
    "Event(status='published')",
    "{% if item.status in ('pending', 'approval') %}",
    'if status not in ["active", "lapsed"]:',
    'Registration.status.in_(["expired", "cancelled"])',
    '{"audience": "members", "capacity": 80}',
    'bulletin.status, bulletin.published_at = "draft", None',
    'if section.kind == "member_spotlight":',
    'tier="president"',
])
def test_the_literal_check_catches_a_status_or_kind_written_as_a_string(line):
    assert literals_in(line)


@pytest.mark.parametrize("line", [
    '<div role="status">',
    'status = request.args.get("status", "all")',
    'if status == "checked_in":',
    'search_page("firm", q)',
    'if kind == "firm":',
    'record(actor, "event.published", f"event:{event.id}")',
    "{% if item.status == RegistrationStatus.WAITING %}",
    'user.role == "member"',
])
def test_the_literal_check_leaves_other_strings_alone(line):
    assert literals_in(line) == []


def test_no_status_or_kind_literal_outside_its_enum():
    skip = enum_modules()
    found = []
    for pattern in SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(SKIPPED) or path.resolve() in skip:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found += [f"{relative}:{number}: {hit}" for hit in literals_in(line)]
    assert found == [], "compare with the enum member (e.g. RegistrationStatus.CONFIRMED), not a string"


def test_a_check_built_from_an_enum_is_the_same_sql_as_from_its_values():
    assert one_of("status", EventStatus) == "status IN ('draft', 'published', 'cancelled')"
    assert one_of("status", ["draft", "published"]) == "status IN ('draft', 'published')"


def _known_checks():
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint) and str(constraint.name).endswith("_known"):
                yield table.name, constraint.name, str(constraint.sqltext)


def test_the_migrated_database_checks_exactly_the_enum_values(app):
    """The CHECKs the migrations created (read back from the database) list the enums' values, in order."""
    with app.app_context():
        inspector = inspect_database(db.engine)
        checked = 0
        for table, name, sql in _known_checks():
            created = {c["name"]: c["sqltext"] for c in inspector.get_check_constraints(table)}
            assert name in created, f"{name} is missing from the migrated {table}"
            assert re.findall(r"'([^']*)'", created[name]) == re.findall(r"'([^']*)'", sql), name
            checked += 1
        assert checked >= 8


def test_a_member_is_its_stored_value_in_json_text_and_lookups(app):
    assert json.dumps({"status": RegistrationStatus.CONFIRMED}) == '{"status": "confirmed"}'
    assert f"{RegistrationStatus.WAITING}" == "waiting" == RegistrationStatus.WAITING
    assert {RegistrationStatus.PENDING: 1}["pending"] == 1
    assert RegistrationStatus.parse("pending") is RegistrationStatus.PENDING
    assert RegistrationStatus.parse("PENDING") is None and RegistrationStatus.parse(None) is None
    with app.test_request_context():
        assert app.json.loads(app.json.dumps([EventStatus.PUBLISHED])) == ["published"]


@pytest.mark.parametrize(("language", "label"), [("zh", "待邮件确认"), ("en", "Awaiting email confirmation")])
def test_a_status_label_is_shown_in_the_interface_language(app, language, label):
    with app.test_request_context(f"/?lang={language}"):
        assert str(RegistrationStatus.PENDING.label) == label
