"""`make bench`: directory search at 1k, 10k and 100k firms; `memberships run`; the staff overview; mailings.

For each size and database (SQLite, then a throwaway PostgreSQL cluster) it seeds firms with
`flask seed-demo --scale N`, times 200 directory searches in-process (first page of 20 plus the
capped count, as the page does: common words from a fixed list and 1-4 character substrings of
the seeded profiles), then the same searches within a tier or an industry, and then loads the
directory search page and a bare Flask page rendering 20 rows under the same gunicorn settings.
Throughput and latency are printed as ratios to the bare page, so the figures mean something on
a noisy machine. At the largest size, it then times `memberships run` over every firm (see
tests/bench/memberships.py), and then the staff's overview at /staff/ (tests/bench/dashboard.py:
50 renders through the test client, median and p95). `--parts search`, `--parts memberships` or
`--parts dashboard` runs one part alone (the firms are seeded whichever runs).

Then, on a fresh database of each kind, the mailing figures (tests/bench/mailing.py): how long
queueing a 10,000-recipient mailing takes, and the rate the worker delivers at with the rate limit
off. `--parts mailings` runs only those.

Then the printable bulletin (tests/bench/pdf.py, SQLite): the time to make the sample issue's PDF
and to serve it once made. `--parts pdf` runs only that.

Last, the Lighthouse (mobile) performance of /, /members/, an event's and a bulletin's page on the
demo data (tests/bench/lighthouse.py, SQLite; about a minute). `--parts lighthouse` runs only that.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import dashboard, lighthouse, mailing, memberships, pages, pdf, rush, serving
from tests.bench.load import percentile, run_load
from tests.services import PostgresCluster, free_port, postgres_bindir

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHINESE = ["大", "连", "海", "软", "大连", "软件", "海辉", "星海", "科技", "有限公司", "信息技术", "数据科技",
           "外包", "跨境电商", "金融", "物流信息", "云端", "沈阳", "重庆", "服务"]
ENGLISH = ["software", "cloud", "data", "ibm", "dalian", "outsourcing", "Logistics", "blockchain"]
PINYIN = ["dalian", "dl", "xinghai", "xh", "ruanjian", "rj", "haihui", "yunduan", "shenyang", "kj"]
GUNICORN = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning"]


def substrings(count: int, rng: random.Random) -> list[str]:
    """Return Chinese substrings of 1-4 characters of synthetic profiles like the seeded ones."""
    from portal.demo.synthetic import synthetic_firm

    found = []
    while len(found) < count:
        firm = synthetic_firm(0, rng)
        runs = [run for run in re.findall(r"[\u4e00-\u9fff]+", firm["name"] + "。" + firm["summary"])]
        length = 1 + len(found) % 4
        run = rng.choice([run for run in runs if len(run) >= length])
        start = rng.randrange(len(run) - length + 1)
        found.append(run[start:start + length])
    return found


def queries(count: int = 200) -> list[str]:
    """Half common words of the fixed lists, half substrings of profiles."""
    rng = random.Random(7)
    pool = CHINESE + ENGLISH + PINYIN
    return [query for found in substrings(count // 2, rng) for query in (found, rng.choice(pool))]


def category(query: str) -> str:
    if query in ENGLISH:
        return "en"
    if query.isascii():
        return "py"
    return f"zh{len(query)}"


def environment(database_url: str) -> dict:
    return {**os.environ, "PORTAL_ENV": "testing", "PORTAL_SECRET_KEY": "bench-only",
            "PORTAL_DATABASE_URL": database_url, "PORTAL_RATELIMIT_ENABLED": "false"}


def flask(database_url: str, *args: str) -> None:
    subprocess.run([str(BIN / "flask"), "--app", "portal", *args], env=environment(database_url),
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def search_latencies(database_url: str) -> dict:
    """Time the directory search as the page runs it, in this process."""
    os.environ.update(environment(database_url))
    from portal import create_app
    from portal.members.directory import search_directory

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    timings: dict[str, list[float]] = {}
    filters = [{"tier": "member"}, {"tier": "president"}, {"industry": "software"},
               {"tier": "council", "industry": "bpo"}]
    with app.app_context():
        for q in queries()[:20]:
            search_directory(q)  # warm caches and connections
        for n, q in enumerate(queries()):
            for name, options in (("all", {}), ("filtered", filters[n % len(filters)])):
                started = time.perf_counter()
                search_directory(q, **options)
                elapsed = (time.perf_counter() - started) * 1000
                timings.setdefault(category(q) if name == "all" else name, []).append(elapsed)
                timings.setdefault(name, []).append(elapsed)
        from portal.extensions import db

        db.engine.dispose()
    return {name: (percentile(values, 0.5), percentile(values, 0.95)) for name, values in sorted(timings.items())}


def page_throughput(database_url: str, seconds: float) -> dict:
    paths = [f"/members/?q={q}" for q in queries(50)]
    results = {}
    for name, app_path, url, targets in (("bare", "tests.bench.bare:app", None, ["/"]),
                                         ("portal", "wsgi:app", database_url, paths)):
        port = free_port()
        env = environment(url) if url else dict(os.environ)
        server, _log = serving.start(app_path, env, port, GUNICORN, "search")
        try:
            run_load(port, targets, 1.0)  # warm up
            results[name] = run_load(port, targets, seconds)
        finally:
            serving.stop(server)
    portal, bare = results["portal"], results["bare"]
    return {"rps": portal["rps"], "bare_rps": bare["rps"], "rps_ratio": portal["rps"] / bare["rps"],
            "p50_ratio": portal["p50"] / bare["p50"], "p95_ratio": portal["p95"] / bare["p95"],
            "errors": portal["errors"]}


#: What each database's run found, for the closing summary: seeding seconds by size, the rush rate.
SUMMARY: dict[str, dict] = {}


def run(backend: str, database_url: str, scales: list[int], seconds: float, parts: set[str]) -> None:
    flask(database_url, "db", "upgrade")
    flask(database_url, "seed-demo")
    seeded = 0
    for scale in scales:
        started = time.perf_counter()
        flask(database_url, "seed-demo", "--scale", str(scale - seeded))
        seed_seconds = time.perf_counter() - started
        SUMMARY.setdefault(backend, {}).setdefault("seeding", []).append((scale - seeded, scale, seed_seconds))
        seeded = scale
        if "search" not in parts:
            print(f"{backend:10} {scale:>7} firms | seeding {seed_seconds:.0f} s", flush=True)
            continue
        search = search_latencies(database_url)
        page = page_throughput(database_url, seconds)
        (p50, p95), (filtered_p50, filtered_p95) = search.pop("all"), search.pop("filtered")
        print(f"{backend:10} {scale:>7} firms | search p50 {p50:6.2f} ms  p95 {p95:6.2f} ms | "
              f"page {page['rps']:6.0f} req/s = {page['rps_ratio']:.2f} x bare ({page['bare_rps']:.0f}); "
              f"latency p50 {page['p50_ratio']:.1f} x, p95 {page['p95_ratio']:.1f} x bare | "
              f"errors {page['errors']} | seeding {seed_seconds:.0f} s", flush=True)
        print(" " * 25 + "| p95 by query: " + ", ".join(f"{name} {figures[1]:.1f}" for name, figures in search.items())
              + f" | within a tier or industry: p50 {filtered_p50:.2f} ms, p95 {filtered_p95:.2f} ms", flush=True)
    if "pages" in parts:
        # Before memberships, which lapses firms whose pages this part opens.
        SUMMARY.setdefault(backend, {})["pages"] = pages.report(backend, environment(database_url), seeded, seconds)
    if "memberships" in parts:
        # Last: the run lapses about half the firms, which the search figures above must not see.
        os.environ.update(environment(database_url))
        memberships.report(backend, database_url, [str(BIN / "flask"), "--app", "portal"],
                           environment(database_url), ROOT)
    if "dashboard" in parts:
        os.environ.update(environment(database_url))
        dashboard.report(backend, database_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1000,10000,100000")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--parts", default="search,pages,memberships,dashboard,mailings,rush,pdf,lighthouse",
                        help="any of search, pages, memberships, dashboard, mailings, rush, pdf, lighthouse "
                             "(comma-separated); "
                             "seeding is timed whenever one of the first four runs")
    options = parser.parse_args()
    scales = [int(s) for s in options.scales.split(",")]
    parts = set(options.parts.split(","))
    try:
        databases(options, scales, parts)
    finally:
        summary()


SEEDED_PARTS = {"search", "pages", "memberships", "dashboard"}


def databases(options, scales: list[int], parts: set[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as folder:
        if "sqlite" in options.databases:
            if parts & SEEDED_PARTS:
                run("sqlite", f"sqlite:///{folder}/bench.sqlite3", scales, options.seconds, parts)
            if "mailings" in parts:
                mailing.run("sqlite", f"sqlite:///{folder}/mailing.sqlite3", folder)
            if "pdf" in parts:
                pdf.run(folder, [str(BIN / "flask"), "--app", "portal"], environment(""), ROOT)
            if "rush" in parts:
                url = f"sqlite:///{folder}/rush.sqlite3"
                SUMMARY.setdefault("sqlite", {})["rush"] = rush.run("sqlite", url, environment(url))
            if "lighthouse" in parts:
                SUMMARY.setdefault("sqlite", {})["lighthouse"] = lighthouse.run(folder, environment(""))
        if "postgresql" in options.databases and parts & (SEEDED_PARTS | {"mailings", "rush"}):
            bindir = postgres_bindir()
            if bindir is None:
                print("postgresql: skipped, PostgreSQL binaries not found")
                return
            cluster = PostgresCluster(bindir)
            cluster.start()
            try:
                if parts & SEEDED_PARTS:
                    run("postgresql", cluster.create_database("portal_bench"), scales, options.seconds, parts)
                if "mailings" in parts:
                    mailing.run("postgresql", cluster.create_database("portal_bench_mailing"), folder)
                if "rush" in parts:
                    url = cluster.create_database("portal_bench_rush")
                    SUMMARY.setdefault("postgresql", {})["rush"] = rush.run("postgresql", url, environment(url))
            finally:
                cluster.stop()


def summary() -> None:
    """Print, per database, the seeding times, the rush rate and the pages table again, together."""
    if not any(value for found in SUMMARY.values() for value in found.values()):  # every part was skipped
        return
    print("\nSummary")
    for backend, found in SUMMARY.items():
        for added, total, seconds in found.get("seeding", []):
            print(f"{backend:10} seed-demo --scale {added} (to {total:,} firms): {seconds:.0f} s")
        if "rush" in found:
            figures = found["rush"]
            print(f"{backend:10} rush: {rush.REGISTRATIONS} registrations, {rush.CLIENTS} clients, {rush.SEATS} "
                  f"seats: {figures['rate']:.0f} registrations/s ({figures['elapsed']:.1f} s)"
                  + ("" if figures["correct"] else " WRONG (see above)"))
        for part in ("pages", "lighthouse"):
            if found.get(part):
                print("\n".join(found[part]))


if __name__ == "__main__":
    main()
