"""The import graph: the import-linter contracts in pyproject.toml hold, and breaking one fails."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"
# The venv's own console script, so `make test` uses the import-linter it installed.
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(config: Path) -> subprocess.CompletedProcess:
    # Run from the project root: lint-imports puts the working directory on sys.path, so it
    # analyses this checkout's portal package, not whichever one the venv installed.
    # Wide columns: the report does not wrap contract names, so the assertions can find them.
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", str(config)], cwd=ROOT,
                          env={**os.environ, "COLUMNS": "500"}, capture_output=True, text=True,
                          timeout=120)


def config_with(tmp_path: Path, changes: list[tuple[str, str]]) -> Path:
    """Write pyproject.toml with some of its text replaced, and return its path."""
    text = CONFIG.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, f"the contracts no longer hold {old!r}: update this test"
        text = text.replace(old, new)
    changed = tmp_path / "pyproject.toml"
    changed.write_text(text, encoding="utf-8")
    return changed


def test_the_code_keeps_every_architecture_contract():
    result = lint_imports(CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


BOTTOM = '    "database | extensions | config | enums",\n'
ROOT_LAYER = '    "cli : models : login : worker : states",\n'


@pytest.mark.parametrize("changes, broken", [
    # An arrow the features contract declares, taken out of it: members then import auth undeclared.
    ([('    "portal.members.** -> portal.auth.**",\n', "")],
     ["Features import each other only through the declared arrows BROKEN",
      "portal.members is not allowed to import portal.auth"]),
    # The bottom layer moved to the top: every import of extensions then points upward.
    ([(BOTTOM, ""), (ROOT_LAYER, BOTTOM + ROOT_LAYER)],
     ["Packages import only downward: root, screens, features, wiring, shared services, bottom BROKEN",
      "portal.members is not allowed to import portal.extensions"]),
    # A new forbidden arrow that the code has: bulletins link articles to events.
    ([('[[tool.importlinter.contracts]]\nid = "migrations"',
       '[[tool.importlinter.contracts]]\nid = "no-events-in-bulletins"\nname = "Bulletins without events"\n'
       'type = "forbidden"\nsource_modules = ["portal.bulletins"]\nforbidden_modules = ["portal.events"]\n\n'
       '[[tool.importlinter.contracts]]\nid = "migrations"')],
     ["Bulletins without events BROKEN", "portal.bulletins is not allowed to import portal.events"]),
])
def test_an_import_against_the_contracts_fails_the_check(tmp_path, changes, broken):
    result = lint_imports(config_with(tmp_path, changes))
    assert result.returncode != 0, result.stdout
    for line in broken:
        assert line in result.stdout, result.stdout + result.stderr
