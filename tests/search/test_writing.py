"""Writing the search index: documents added, replaced and removed in the caller's transaction, kinds rebuilt."""
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
