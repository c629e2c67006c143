"""Querying the search index on SQLite and PostgreSQL: exact Chinese, English words, pinyin, pages, counts."""
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.extensions import db
from portal.search import Document, count_capped, index_document, index_many, matching, search_page
from portal.search.models import SearchDocument
from tests.search.conftest import found
from tests.search.test_text import ALPHABET, HOSTILE


def test_chinese_substrings_of_any_length_find_documents_name_matches_marked(firms):
    expected = {"海": {1: 1, 2: 0}, "大连": {1: 1, 2: 1}, "文思海辉": {1: 1, 2: 0},
                "有限公司": {1: 1, 2: 1, 3: 1}, "海辉软件有限": {1: 1}, "思华": {}}
    with firms.app_context():
        assert {query: found("firm", query) for query in expected} == expected


def test_english_words_match_case_insensitively_by_word_prefix(firms):
    expected = {"ibm": {1: 0, 2: 0}, "IBM": {1: 0, 2: 0}, "Ｉｂｍ": {1: 0, 2: 0}, "pactera": {1: 1},
                "cloud": {3: 0}, "block": {1: 0}, "chain": {}}
    with firms.app_context():
        assert {query: found("firm", query) for query in expected} == expected


def test_pinyin_of_names_in_full_initials_or_from_any_syllable_finds_the_firm(firms):
    queries = ["wensi", "wshh", "WSHH", "wensihaihui", "haihui", "dalianwensi"]
    with firms.app_context():
        assert {query: found("firm", query) for query in queries} == {query: {1: 1} for query in queries}


def test_pinyin_reads_place_names_as_people_say_them(firms):
    queries = ["chongqing", "changchun", "xiamen", "cqcc"]
    with firms.app_context():
        assert {query: found("firm", query) for query in queries} == {query: {3: 1} for query in queries}


def test_pinyin_comes_from_the_names_given_for_it(app):
    with app.app_context():
        index_document("firm", 9, ["文思海辉", "Pactera"], ["大连"], pinyin_names=[])
        index_document("firm", 10, ["Pactera"], [], pinyin_names=["文思海辉"])
        assert found("firm", "wensi") == {10: 1}


def test_every_term_of_a_mixed_query_must_match(firms):
    with firms.app_context():
        assert found("firm", "大连 ibm") == {1: 0, 2: 0}
        assert found("firm", "大连 pactera") == {1: 1}
        assert found("firm", "海辉 日本") == {2: 0}
        assert found("firm", "重庆 ibm") == {}


def test_hostile_queries_never_raise(firms):
    with firms.app_context():
        for query in HOSTILE:
            result = found("firm", query)
            assert result is None or isinstance(result, dict), query
            if result is not None:
                assert count_capped(matching("firm", query))[0] == len(result), query
                assert search_page("firm", query, cap=5).total == min(5, len(result)), query


def test_nothing_searchable_gives_none(firms):
    with firms.app_context():
        assert [matching("firm", q) for q in ("", "  ", "！？", "😀")] == [None] * 4


def test_kinds_do_not_leak_into_each_other(firms):
    with firms.app_context():
        index_document("event", 1, ["大连软件交易会"], ["海辉"])
        db.session.commit()
        assert found("event", "大连") == {1: 1}
        assert found("event", "文思") == {}
        assert found("bulletin", "大连") == {}
        assert found("firm", "交易会") == {}


def test_count_capped_stops_at_the_cap(app):
    with app.app_context():
        for object_id in range(1, 8):
            index_document("firm", object_id, [f"大连第{object_id}软件"], [])
        db.session.commit()
        assert count_capped(matching("firm", "大连"), cap=5) == (5, True)
        assert count_capped(matching("firm", "大连"), cap=7) == (7, False)
        assert count_capped(matching("firm", "软件").order_by("object_id").limit(3)) == (3, False)


def ids(page) -> list[int]:
    return page.object_ids


@pytest.fixture


def ranked(app):
    """Twelve documents: name matches of 大连 on ids not divisible by 3, ranks 0-2, keys z..a."""
    with app.app_context():
        index_many("firm", [Document(n, ["大连软件" if n % 3 else "沈阳软件"], ["大连"], rank=n % 3,
                                     order_key=chr(ord("z") - n)) for n in range(1, 13)])
        db.session.commit()
    return app


def test_a_page_lists_name_matches_first_then_by_rank_and_order_key(ranked):
    with ranked.app_context():
        page = search_page("firm", "大连")
        # Name matches (rank 1 then 2, each by key z..a), then body-only matches (rank 0).
        assert ids(page) == [10, 7, 4, 1, 11, 8, 5, 2, 12, 9, 6, 3]
        assert (page.total, page.is_capped) == (12, False)
        assert ids(search_page("firm", "大连", offset=10, limit=5)) == [6, 3]
        beyond = search_page("firm", "大连", offset=40)
        assert (ids(beyond), beyond.total) == ([], 12)


def test_a_page_keeps_one_rank_or_the_objects_given(ranked):
    with ranked.app_context():
        assert ids(search_page("firm", "大连", rank=2)) == [11, 8, 5, 2]
        assert search_page("firm", "沈阳", rank=0).total == 4
        among = sa.select(sa.literal(4)).union_all(sa.select(sa.literal(6)), sa.select(sa.literal(99)))
        assert ids(search_page("firm", "软件", among=among)) == [6, 4]  # rank 0, then rank 1
        assert ids(search_page("firm", "软件", rank=1, among=among)) == [4]


def test_past_the_cap_the_count_says_so_and_the_page_ranks_what_was_read(ranked):
    with ranked.app_context():
        page = search_page("firm", "大连", cap=4)
        assert (page.total, page.is_capped) == (4, True)
        # At least cap + 1 matches were read, and name matches still lead.
        assert 5 <= len(ids(page)) <= 12 and set(ids(page)) <= set(range(1, 13))
        is_name_hit = [n % 3 != 0 for n in ids(page)]
        assert is_name_hit == sorted(is_name_hit, reverse=True) and is_name_hit[0]
        assert search_page("firm", "大连", cap=12).is_capped is False


def test_when_the_name_matches_alone_pass_the_cap_the_page_is_name_matches_and_the_count_capped(ranked):
    with ranked.app_context():
        page = search_page("firm", "大连", cap=7)  # eight name matches
        assert (ids(page), page.total, page.is_capped) == ([10, 7, 4, 1, 11, 8, 5, 2], 7, True)
        page = search_page("firm", "大连", cap=8)  # the name matches fit: the others are read too
        assert (page.total, page.is_capped) == (8, True)
        assert ids(page)[:8] == [10, 7, 4, 1, 11, 8, 5, 2] and len(ids(page)) > 8


documents = st.lists(st.tuples(st.text(ALPHABET + " ", max_size=6), st.text(ALPHABET + "，IBM cloud", max_size=24)),
                     min_size=1, max_size=20)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(documents=documents, data=st.data())


def test_chinese_queries_return_exactly_what_a_substring_scan_returns(app, documents, data):
    with app.app_context():
        db.session.execute(db.delete(SearchDocument))  # examples share the database
        for object_id, (name, body) in enumerate(documents, 1):
            index_document("oracle", object_id, [name], [body])
        db.session.commit()
        texts = [text for pair in documents for text in pair if text.strip(" ，IBMcloud")]
        queries = [data.draw(st.text(ALPHABET, min_size=1, max_size=4)) for _ in range(3)]
        for source in data.draw(st.lists(st.sampled_from(texts), max_size=3)) if texts else []:
            start = data.draw(st.integers(0, len(source) - 1))
            queries.append(source[start:start + data.draw(st.integers(1, 4))])
        for query in queries:
            if not all(character in ALPHABET for character in query):
                continue
            expected = {object_id: int(query in name) for object_id, (name, body) in enumerate(documents, 1)
                        if query in name or query in body}
            assert found("oracle", query) == expected, query
