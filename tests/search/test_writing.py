"""Writing the search index: documents added, replaced and removed in the caller's transaction, kinds rebuilt."""
import random

from portal.extensions import db
from portal.search import index_document, index_many, register_source, remove_document, writing
from portal.search.models import SearchDocument
from tests.search.conftest import CHONGQING, HUAXIN, WENSI, found


def test_indexing_an_object_again_replaces_its_document(firms):
    with firms.app_context():
        index_document("firm", 1, ["沈阳新松机器人"], ["robots"])
        db.session.commit()
        assert found("firm", "文思") == {2: 0}
        assert found("firm", "新松") == {1: 1}
        assert found("firm", "robot") == {1: 0}


def test_indexing_many_adds_and_replaces_in_bulk(firms):
    with firms.app_context():
        count = index_many("firm", [(1, ["沈阳新松机器人"], [], None), (4, ["青岛海尔"], ["家电"], ["青岛海尔"]),
                                    (4, ["青岛海尔集团"], ["家电"], None)])
        db.session.commit()
        assert count == 2
        assert found("firm", "文思") == {2: 0}
        assert found("firm", "海尔集团") == {4: 1}
        assert found("firm", "qingdao") == {4: 1}


def test_removing_a_document_takes_it_out(firms):
    with firms.app_context():
        remove_document("firm", 1)
        remove_document("firm", 404)
        remove_document("no-such-kind", 1)
        db.session.commit()
        assert found("firm", "大连") == {2: 1}


def test_writes_stay_in_the_callers_transaction(firms):
    with firms.app_context():
        index_document("firm", 7, ["青岛海尔"], [])
        remove_document("firm", 1)
        assert found("firm", "海") == {2: 0, 7: 1}
        db.session.rollback()
        assert found("firm", "海") == {1: 1, 2: 0}


def test_reindex_rebuilds_identical_results_from_the_sources(firms, monkeypatch):
    monkeypatch.setattr(writing, "_sources", {})
    monkeypatch.setattr(writing, "_most_of_index", set())
    register_source("firm", lambda: [(o, name, body, None) for o, name, body in (WENSI, HUAXIN, CHONGQING)])
    queries = ["海", "大连", "文思海辉", "ibm", "wshh", "chongqing", "大连 ibm"]
    with firms.app_context():
        before = [found("firm", q) for q in queries]
        db.session.execute(db.delete(SearchDocument))
        db.session.commit()
        assert found("firm", "大连") == {}
    result = firms.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "firm: 3 documents" in result.output
    with firms.app_context():
        assert [found("firm", q) for q in queries] == before
    unknown = firms.test_cli_runner().invoke(args=["search", "reindex", "--kind", "nope"])
    assert unknown.exit_code != 0 and len(unknown.output.strip().splitlines()) == 1


def test_a_word_longer_than_any_query_is_found_by_its_beginning_and_spoils_nothing_after_it(app):
    # A lexeme of PostgreSQL's holds at most 2,047 bytes: one of 2,050 stored as it is would keep 2.
    word = "".join("abcdefghij"[(n * 7) % 10] for n in range(2050))
    with app.app_context():
        index_document("firm", 9, ["长单词信息公司"], [f"before {word} after"])
        db.session.commit()
        assert found("firm", word[:300]) == {9: 0}
        assert found("firm", word[:40]) == {9: 0}
        assert found("firm", "after") == {9: 0} and found("firm", "before") == {9: 0}
        assert found("firm", "单词") == {9: 1}


def test_words_of_every_script_are_found_as_they_are_written(app):
    names = {11: "Дальний Восток", 12: "Ελληνικά Café", 13: "ソフトウェア開発", 14: "소프트웨어 회사", 15: "Wärme 5G Ｗｉｄｅ"}
    with app.app_context():
        for object_id, name in names.items():
            index_document("firm", object_id, [name], [])
        db.session.commit()
        for query, expected in [("дальн", 11), ("ВОСТОК", 11), ("ελλην", 12), ("café", 12), ("ソフト", 13),
                                ("ウェア開発", 13), ("소프트", 14), ("회사", 14), ("wärme", 15), ("5g", 15), ("wide", 15)]:
            assert found("firm", query) == {expected: 1}, query


def test_an_article_of_a_hundred_thousand_characters_is_indexed_and_found_by_its_beginning(app):
    # Its terms (every 1-4 character substring) take 3 MB, three times what a tsvector holds:
    # PostgreSQL indexes as much as fits, SQLite all of it.
    rng = random.Random(3)
    body = "数字贸易年度报告。" + "".join(chr(0x4e00 + rng.randrange(3500)) for _ in range(100000))
    with app.app_context():
        index_document("article", 3, ["年度报告全文"], [body])
        db.session.commit()
        assert found("article", "数字贸易") == {3: 0}
        assert found("article", body[40:44]) == {3: 0}
        assert found("article", "全文") == {3: 1}
