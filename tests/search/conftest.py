"""Fixtures for the search index: three firms indexed, and a helper that searches both ways."""
import pytest

from portal.extensions import db
from portal.search import index_document, matching, search_page

WENSI = (1, ["大连文思海辉软件有限公司", "Dalian Pactera Software"], ["提供IBM相关的外包服务，区块链 Blockchain"])
HUAXIN = (2, ["大连华信计算机技术股份有限公司"], ["与文思海辉合作，服务日本客户 ibm"])
CHONGQING = (3, ["重庆长春厦门数据有限公司"], ["Cloud platform"])


def found(kind: str, query: str) -> dict[int, int] | None:
    """Return {object_id: name_hit} for a query, or None when the query has nothing to search.

    Both ways of searching must agree: every match (matching) and a page (search_page).
    """
    select = matching(kind, query)
    if select is None:
        assert search_page(kind, query) is None
        return None
    rows = db.session.execute(select).all()
    assert len(rows) == len({row.object_id for row in rows}), "one row per document"
    result = {row.object_id: row.name_hit for row in rows}
    page = search_page(kind, query, limit=100)
    assert (sorted(page.object_ids), page.total, page.is_capped) == (sorted(result), len(result), False), query
    assert [result[object_id] for object_id in page.object_ids] == sorted(result.values(), reverse=True), \
        "name matches come first"
    return result


@pytest.fixture
def firms(app):
    with app.app_context():
        for object_id, name, body in (WENSI, HUAXIN, CHONGQING):
            index_document("firm", object_id, name, body)
        db.session.commit()
    return app
