"""The parser loads and parses a bulletin without Flask, the database or the application's extensions."""
import subprocess
import sys
from pathlib import Path

from tests.bulletins.conftest import SAMPLE

PORTAL = Path(__file__).resolve().parents[3] / "portal"

# Run in a fresh interpreter where importing any of BLOCKED fails. The parents portal/ and
# portal/bulletins/ build the application and the blueprint when imported, so they are given as
# bare packages: only the parser's own imports run.
CHILD = f"""
import sys, types

for name in {("flask", "flask_babel", "flask_sqlalchemy", "sqlalchemy", "portal.extensions", "pdfminer")!r}:
    sys.modules[name] = None
for name, path in (("portal", {str(PORTAL)!r}), ("portal.bulletins", {str(PORTAL / "bulletins")!r})):
    package = types.ModuleType(name)
    package.__path__ = [path]
    sys.modules[name] = package
module = sys.argv[1]
__import__(module)
from portal.bulletins.parsing import parse_bulletin

bulletin = parse_bulletin(open(sys.argv[2], encoding="utf-8").read(), period=(2022, 7))
print([section.kind for section in bulletin.sections], sum(len(s.articles) for s in bulletin.sections))
"""


def run(module: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CHILD, module, str(SAMPLE)], capture_output=True, text=True,
                          timeout=60)


def test_the_parser_parses_the_sample_with_flask_and_the_database_unimportable() -> None:
    for module in ("portal.bulletins.parsing", "portal.bulletins.parsing.extraction"):
        child = run(module)
        assert child.returncode == 0, child.stderr
        assert child.stdout.strip() == ("['data_report', 'industry_news', 'policy', 'member_spotlight',"
                                        " 'association_news', 'knowledge_tips'] 12")


def test_the_check_would_catch_a_flask_import() -> None:
    child = run("portal.bulletins.importer")  # imports flask, as a view-side module may
    assert child.returncode != 0 and "import of flask halted" in child.stderr
