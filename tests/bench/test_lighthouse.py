"""The bench's Lighthouse part: its table rows, and its one line when Lighthouse cannot run here."""
from __future__ import annotations

import sys

import pytest

from tests.bench import lighthouse


def report(score: float, lcp: str = "1.3 s", tbt: str = "10 ms", total_bytes: float = 32662.0) -> dict:
    """The parts of a Lighthouse 12 JSON report that the row reads."""
    return {"categories": {"performance": {"score": score}},
            "audits": {"largest-contentful-paint": {"displayValue": lcp, "numericValue": 1300.2},
                       "total-blocking-time": {"displayValue": tbt, "numericValue": 10.0},
                       "total-byte-weight": {"displayValue": "Total size was 32 KiB", "numericValue": total_bytes}}}


@pytest.mark.parametrize("score, shown, marked", [(1.0, 100, False), (0.98, 98, False),
                                                  (0.97, 97, True), (0.5, 50, True)])
def test_a_page_under_98_is_marked_as_missing_the_goal(score, shown, marked):
    found, line = lighthouse.row("/members/", report(score))

    assert found == shown
    assert line.startswith(f"| `/members/` | {shown} | 1.3 s | 10 ms | 32,662 |")
    assert line.endswith("(goal: ≥ 98)") is marked


def test_without_npx_the_part_says_so_in_one_line_and_seeds_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))

    assert lighthouse.run(str(tmp_path), {}) is None

    assert capsys.readouterr().out == "sqlite     lighthouse: skipped, npx is not installed (apt-get install -y npm)\n"
    assert not (tmp_path / "lighthouse.sqlite3").exists()


def test_when_npx_cannot_fetch_lighthouse_the_part_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    npx = tmp_path / "npx"
    npx.write_text("#!/bin/sh\necho 'npm error code ECONNREFUSED' >&2\nexit 1\n")
    npx.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CHROME_PATH", sys.executable)

    assert lighthouse.run(str(tmp_path), {}) is None

    assert capsys.readouterr().out == ("sqlite     lighthouse: skipped, npx could not fetch lighthouse@12 "
                                       "(is the npm registry reachable?)\n")
    assert not (tmp_path / "lighthouse.sqlite3").exists()
