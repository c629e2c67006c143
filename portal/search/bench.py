"""Time the search index on synthetic company profiles: `python -m portal.search.bench --scale 100000`.

Without --database-url it runs on a throwaway SQLite file and a throwaway PostgreSQL cluster.
Each query does what the directory does: matching() joined to a firms-like table, the first 20
rows by name_hit then tier, and a count capped at 1,000.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import sqlalchemy as sa

KIND = "firm"
CAP = 1000
CITIES = "大连 沈阳 北京 上海 深圳 杭州 重庆 长春 厦门 青岛 天津 广州 成都 武汉 西安 苏州 南京 宁波 济南 哈尔滨".split()
BRAND_CHARS = "文思海辉华信东软亿达创新智联云图数安博远腾飞恒通嘉禾正源中科宏图金桥天成星河盛世汇丰万方百川锦程鼎新"
TRADES = "软件 科技 信息 网络 数据 电子 咨询 物流 贸易 传媒 智能 云计算".split()
SUFFIXES = ["有限公司", "股份有限公司", "科技有限公司", "集团有限公司"]
FIELDS = ("软件外包 服务外包 跨境电商 数字内容 人工智能 大数据 云计算 物联网 区块链 工业互联网 信息安全 "
          "金融科技 智慧城市 医疗信息化 游戏开发 动漫设计 呼叫中心 数据标注 系统集成 嵌入式开发").split()
SENTENCES = [
    "公司为日本、欧美及国内客户提供{f}和{g}服务，", "拥有一支经验丰富的研发团队，员工超过{n}人。",
    "先后通过CMMI五级和ISO27001认证，", "与IBM、Oracle、SAP、Microsoft等企业建立了长期合作关系。",
    "近年来积极布局{f}领域，", "产品覆盖{f}、{g}等多个行业，", "是{c}市重点软件企业和高新技术企业。",
    "在{c}、{d}设有分支机构，", "致力于成为客户信赖的数字化转型伙伴。", "年营业收入超过{n}万元，",
]
ENGLISH = ("cloud blockchain outsourcing software platform data analytics security mobile internet "
           "consulting integration embedded gaming logistics fintech healthcare education retail "
           "automotive semiconductor Oracle SAP IBM Microsoft Amazon Alibaba Tencent Huawei").split()


def _firm(rng: random.Random) -> tuple[str, str, str]:
    """Return a synthetic (name, English name, introduction)."""
    city, brand = rng.choice(CITIES), "".join(rng.choice(BRAND_CHARS) for _ in range(rng.choice((2, 4))))
    name = f"{city}{brand}{rng.choice(TRADES)}{rng.choice(SUFFIXES)}"
    english = f"{rng.choice(ENGLISH).title()} {rng.choice(ENGLISH).title()} Co., Ltd."
    parts, size = [f"{name}成立于{rng.randint(1990, 2023)}年，总部位于{city}。"], len(name) + 14
    target = rng.randint(300, 500)
    while size < target:
        if rng.random() < 0.25:
            part = " ".join(rng.choice(ENGLISH) for _ in range(rng.randint(3, 8))) + ". "
        else:
            part = rng.choice(SENTENCES).format(f=rng.choice(FIELDS), g=rng.choice(FIELDS), c=rng.choice(CITIES),
                                                d=rng.choice(CITIES), n=rng.randint(50, 5000))
        parts.append(part)
        size += len(part)
    return name, english, "".join(parts)


def _queries(firms: list[tuple[str, str, str]], count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Return (category, query) pairs: Chinese substrings of 1-4 characters, English, pinyin."""
    from pypinyin import lazy_pinyin

    queries = []
    for i in range(count):
        name, english, intro = rng.choice(firms)
        category = ("zh", "zh", "zh", "zh", "en", "pinyin")[i % 6]
        if category == "zh":
            length = 1 + i % 4
            source = rng.choice((name, intro))
            runs = [run for run in _han_runs(source) if len(run) >= length]
            run = rng.choice(runs)
            start = rng.randrange(len(run) - length + 1)
            queries.append((f"zh{length}", run[start:start + length]))
        elif category == "en":
            queries.append(("en", rng.choice(ENGLISH + english.split()[:2]).lower()))
        else:
            syllables = lazy_pinyin(name[2:-4])  # brand and trade, as people remember a firm
            start = rng.randrange(len(syllables))
            full, initials = "".join(syllables[start:start + 2]), "".join(s[0] for s in syllables)
            queries.append(("pinyin", rng.choice((full, initials, initials.upper()))))
    return queries


def _han_runs(text: str) -> list[str]:
    import re

    return re.findall(r"[\u4e00-\u9fff]+", text)


def _create_firms_table(connection) -> sa.Table:
    firms = sa.Table("bench_firms", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("status", sa.String(10)), sa.Column("tier_rank", sa.SmallInteger),
                     sa.Column("sort_key", sa.String(400)),
                     sa.Index("ix_bench_firms_directory", "status", "tier_rank", "sort_key"))
    firms.drop(connection, checkfirst=True)
    firms.create(connection)
    return firms


def _build(app, firms_table, firms, batch: int = 2000) -> float:
    from portal.extensions import db
    from portal.search.index import rebuild_kind, tidy

    started = time.perf_counter()
    with app.app_context():
        rows = [{"id": i, "status": "active" if i % 10 else "hidden", "tier_rank": min(i % 50, 4),
                 "sort_key": name} for i, (name, _, _) in enumerate(firms, 1)]
        for start in range(0, len(rows), batch):
            db.session.execute(firms_table.insert(), rows[start:start + batch])
        rebuild_kind(KIND, ((i, [name, english], [intro], None) for i, (name, english, intro)
                            in enumerate(firms, 1)), batch_size=batch)
        db.session.commit()
        tidy()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(sa.text("ANALYZE bench_firms"))
            db.session.commit()
    return time.perf_counter() - started


def _listed(firms_table, query: str, limit: int | None) -> tuple[sa.Select, sa.Subquery]:
    from portal.search import matching

    m = matching(KIND, query, limit=limit).subquery()
    return (sa.select(firms_table.c.id).join(m, m.c.object_id == firms_table.c.id)
            .where(firms_table.c.status == "active")), m


def _page(firms_table, query: str, limit: int | None) -> list:
    from portal.extensions import db

    listed, m = _listed(firms_table, query, limit)
    page = listed.order_by(m.c.name_hit.desc(), firms_table.c.tier_rank, firms_table.c.sort_key).limit(20)
    return db.session.execute(page).all()


def _page_and_count(firms_table, query: str, limit: int | None = CAP + 1) -> tuple[list, tuple[int, bool]]:
    """Return the first page (from at most `limit` candidates) and the count capped at CAP."""
    from portal.search import count_capped

    return _page(firms_table, query, limit), count_capped(_listed(firms_table, query, None)[0], CAP)


def _explain(firms_table, query: str) -> str:
    """Return the plan of the page query and of the count query for one search."""
    from portal.extensions import db
    from portal.search.index import capped_count_select, nested_loops

    listed, m = _listed(firms_table, query, CAP + 1)
    page = listed.order_by(m.c.name_hit.desc(), firms_table.c.tier_rank, firms_table.c.sort_key).limit(20)
    count = capped_count_select(_listed(firms_table, query, None)[0], CAP)
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN (ANALYZE, COSTS OFF) "
    plans = []
    for statement in (page, count):
        compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
        with nested_loops() if statement is count else nullcontext():
            lines = db.session.execute(sa.text(prefix + str(compiled))).all()
        plans.append("\n".join(str(line[-1]) for line in lines))
    return "\n--\n".join(plans)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _figures(values: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(values), 2), "p95_ms": round(_percentile(values, 0.95), 2),
            "max_ms": round(max(values), 2)}


def _time(function, repeat: int = 3) -> float:
    """Return the median milliseconds of a few runs: the machine may be shared with other work."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def run_benchmark(database_url: str, scale: int, queries: int = 200, seed: int = 7,
                  exact_pages: bool = True) -> dict:
    """Fill an empty database with `scale` synthetic firms, time `queries` searches; return figures.

    The main figure is a search as the directory should run it: the first page from
    matching(limit=1001) plus count_capped of matching(); `exact_page` times the page over
    every match (matching() without a limit), which grows with the number of matches.
    """
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db

    app = create_app({"ENV": "testing", "TESTING": True, "SECRET_KEY": "bench-only",
                      "SQLALCHEMY_DATABASE_URI": database_url})
    rng = random.Random(seed)
    firms = [_firm(rng) for _ in range(scale)]
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            firms_table = _create_firms_table(connection)
    build_seconds = _build(app, firms_table, firms)
    workload = _queries(firms, queries, rng)
    searches: dict[str, list[float]] = {}
    exact: list[float] = []
    slowest = (0.0, "", "")
    with app.app_context():
        for _, query in _queries(firms, 50, rng):  # warm the caches as a running site would be
            _page_and_count(firms_table, query)
        for category, query in workload:
            elapsed = _time(lambda: _page_and_count(firms_table, query))
            searches.setdefault(category, []).append(elapsed)
            slowest = max(slowest, (elapsed, category, query))
            if exact_pages:
                exact.append(_time(lambda: _page(firms_table, query, None), repeat=1))
            db.session.rollback()
        plan = _explain(firms_table, "大")
        db.engine.dispose()
    every = [t for values in searches.values() for t in values]
    return {
        "backend": sa.make_url(database_url).get_backend_name(), "scale": scale,
        "build_seconds": round(build_seconds, 1), "queries": len(every), **_figures(every),
        "slowest": slowest[1:], "by_category": {c: _figures(v) for c, v in sorted(searches.items())},
        "exact_page": _figures(exact) if exact else None, "plan_query": "大", "plan": plan,
    }


def _print(result: dict) -> None:
    print(f"{result['backend']}: {result['scale']} documents built in {result['build_seconds']} s; "
          f"{result['queries']} searches (page + capped count): p50 {result['p50_ms']} ms, "
          f"p95 {result['p95_ms']} ms, max {result['max_ms']} ms {result['slowest']}")
    for category, figures in result["by_category"].items():
        print(f"  {category:7} p50 {figures['p50_ms']:7.2f}  p95 {figures['p95_ms']:7.2f}  max {figures['max_ms']:7.2f}")
    if result["exact_page"]:
        figures = result["exact_page"]
        print(f"  page over every match (no limit): p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
              f"max {figures['max_ms']} ms")
    print(f"  plans for {result['plan_query']!r} (page, then count):\n    " + result["plan"].replace("\n", "\n    "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", help="an empty database to use (default: both throwaways)")
    parser.add_argument("--no-exact", action="store_true", help="skip timing pages over every match")
    args = parser.parse_args()
    options = {"queries": args.queries, "exact_pages": not args.no_exact}
    if args.database_url:
        _print(run_benchmark(args.database_url, args.scale, **options))
        return
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as folder:
        _print(run_benchmark(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", args.scale, **options))
    from tests.services import PostgresCluster, postgres_bindir  # the test suite's throwaway cluster

    bindir = postgres_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL binaries not found: skipped PostgreSQL")
    cluster = PostgresCluster(bindir)
    cluster.start()
    try:
        _print(run_benchmark(cluster.create_database("portal_bench"), args.scale, **options))
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
