"""Lighthouse (mobile) performance of the pages visitors land on: `python -m tests.bench.lighthouse URL`.

URL is a running portal with demo data (gunicorn -c gunicorn.conf.py wsgi:app). Needs npx (the npm
registry) and Chromium (CHROME_PATH, default /usr/bin/chromium). The goal is 98 or more on each.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

LIGHTHOUSE = "lighthouse@12"
GOAL = 98


def first_link(base: str, listing: str, pattern: str) -> str:
    page = urllib.request.urlopen(base + listing).read().decode()
    found = re.search(pattern, page)
    return found.group(0) if found else listing


def score(url: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = os.path.join(folder, "report.json")
        subprocess.run(["npx", "--yes", LIGHTHOUSE, url, "--only-categories=performance", "--form-factor=mobile",
                        "--chrome-flags=--headless --no-sandbox", "--output=json", f"--output-path={report}",
                        "--quiet"], check=True, env={**os.environ, "CHROME_PATH": os.environ.get(
                            "CHROME_PATH", "/usr/bin/chromium")})
        with open(report) as file:
            result = json.load(file)
    audits = result["audits"]
    return {"score": round(result["categories"]["performance"]["score"] * 100),
            "lcp": audits["largest-contentful-paint"]["displayValue"],
            "tbt": audits["total-blocking-time"]["displayValue"],
            "bytes": int(audits["total-byte-weight"]["numericValue"])}


def main(base: str) -> int:
    base = base.rstrip("/")
    pages = ["/", "/members/", first_link(base, "/events/", r"/events/\d+(?=\")"),
             first_link(base, "/bulletins/", r"/bulletins/\d+(?=\")")]
    print("| page | performance | LCP | TBT | bytes |\n|---|---|---|---|---|")
    worst = 100
    for path in pages:
        measured = score(base + path)
        worst = min(worst, measured["score"])
        print(f"| `{path}` | {measured['score']} | {measured['lcp']} | {measured['tbt']} | {measured['bytes']:,} |")
    return 0 if worst >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"))
