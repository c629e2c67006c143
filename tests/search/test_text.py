"""Index terms and query expressions, without a database (FTS5 syntax is checked in memory)."""
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.search import text

HOSTILE = ['"', "*", "NEAR(", "a OR b", ":", "'", "\\", "!", "&|", "😀", "(", ")", "AND", "NOT x",
           '"大连"*', "{name_terms}: x", "^a", "a:*", "'a' <-> 'b'", "x" * 500, "海" * 500, "", "   "]
ALPHABET = "大连文思海辉软件"


def matches(document: str, query: str) -> bool:
    """Say whether the index terms of `document` answer `query` the way FTS5 and tsquery do."""
    tokens = text.text_tokens([document])
    for term in text.query_terms(query):
        if term.is_prefix:
            found = any(token.startswith(term.tokens[0]) for token in tokens)
        else:
            size = len(term.tokens)
            found = any(tuple(tokens[i:i + size]) == term.tokens for i in range(len(tokens)))
        if not found:
            return False
    return True


def postgresql_matches(document: str, query: str) -> bool:
    """Say whether the n-gram terms of `document` answer `query` the way PostgreSQL does: GIN
    finds every token, and a phrase is a substring of the terms text."""
    terms_text = text.index_text([document], grams=True)
    tokens = set(terms_text.split())
    for term in map(text.gram_term, text.query_terms(query)):
        if term.is_prefix:
            found = any(token.startswith(term.tokens[0]) for token in tokens)
        else:
            found = set(term.tokens) <= tokens and (len(term.tokens) == 1 or " ".join(term.tokens) in terms_text)
        if not found:
            return False
    return True


def test_normalise_makes_full_width_half_width_and_lower_case():
    assert text.normalise("ＩＢＭ　Ｃｌｏｕｄ１２３") == "ibm cloud123"
    assert text.normalise(None) == ""


def test_chinese_becomes_bigrams_and_each_runs_last_character():
    assert text.text_tokens(["大连文思"]) == ["大连", "连文", "文思", "思"]
    assert text.text_tokens(["海", "IBM中国，Cloud"]) == ["海", "ib", "ibm", "中国", "国", "cl", "clo", "clou", "cloud"]


def test_postgresql_indexes_each_run_as_its_four_grams_then_shorter_substrings_once():
    assert text.text_tokens(["大连文思海"], grams=True) == [
        "大连文思", "连文思海", "大", "连", "文", "思", "海", "大连", "连文", "文思", "思海", "大连文", "连文思", "文思海"]
    assert text.text_tokens(["海海", "IBM"], grams=True) == ["海", "海海", "ib", "ibm"]


def test_on_postgresql_short_chinese_queries_are_one_token_and_longer_ones_a_phrase_of_four_grams():
    assert text.gram_term(text.query_terms("海")[0]) == text.Term(("海",), is_prefix=False)
    assert text.gram_term(text.query_terms("文思海辉")[0]) == text.Term(("文思海辉",), is_prefix=False)
    assert text.gram_term(text.query_terms("大连文思海辉")[0]) == text.Term(
        ("大连文思", "连文思海", "文思海辉"), is_prefix=False)
    assert text.gram_term(text.query_terms("ibm")[0]) == text.Term(("ibm",), is_prefix=False)


def test_pinyin_of_a_name_starts_at_every_syllable_in_full_and_initials():
    tokens = text.pinyin_tokens(["大连文思海辉软件有限公司"])
    for query in ["wensi", "wshh", "wensihaihui", "haihui", "dalian", "dlwshh"]:
        assert any(token.startswith(query) for token in tokens), query
    assert {"chongqing", "changchun", "xiamen"} <= set(text.pinyin_tokens(["重庆", "长春", "厦门"]))


def test_a_query_is_prefixes_for_one_character_and_words_and_phrases_for_longer_chinese():
    assert text.query_terms("海") == [text.Term(("海",), is_prefix=True)]
    assert text.query_terms("文思海辉") == [text.Term(("文思", "思海", "海辉"), is_prefix=False)]
    assert text.query_terms("大连 IBM 大连") == [text.Term(("大连",), False), text.Term(("ibm",), False)]
    assert text.query_terms("I bloc blockchain") == [
        text.Term(("i",), True), text.Term(("bloc",), False), text.Term(("blockchain",), True)]


@pytest.mark.parametrize("query", HOSTILE)
def test_no_query_reaches_the_database_as_syntax(query):
    terms = text.query_terms(query)
    assert len(terms) <= text.MAX_QUERY_TERMS
    for term in terms:
        assert all(token.isalnum() for token in term.tokens), term
    if terms:
        _fts5(text.fts5_query(terms))
        assert text.tsquery(terms).count("'") == 2 * sum(len(t.tokens) for t in terms)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_string_gives_a_valid_fts5_expression(query):
    terms = text.query_terms(query)
    if terms:
        _fts5(text.fts5_query(terms))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET + "，。 ab", max_size=40), st.text(ALPHABET, min_size=1, max_size=6))
def test_chinese_terms_find_exactly_the_substrings(document, query):
    assert matches(document, query) == (query in document)


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET + "，。 ab", max_size=40), st.text(ALPHABET, min_size=1, max_size=8))
def test_postgresql_terms_find_exactly_the_substrings(document, query):
    assert postgresql_matches(document, query) == (query in document)


def test_english_words_match_by_prefix_not_inside():
    assert matches("Blockchain services", "block")
    assert matches("Blockchain services", "BLOCKCHAIN")
    assert not matches("Blockchain services", "chain")


def _fts5(expression: str) -> None:
    """Run an expression against an in-memory FTS5 table like the index's; raise if it is not valid."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(name_terms, body_terms, prefix='1')")
    connection.execute("INSERT INTO t VALUES ('大连 连 ibm', 'x')")
    connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()
    connection.close()


@given(st.lists(st.text(alphabet="ab大连\U00020000", min_size=1, max_size=5), max_size=20), st.integers(-2, 80))
def test_cut_terms_keep_whole_tokens_from_the_start_within_the_bytes(tokens, max_bytes):
    terms = " ".join(tokens)
    cut = text.cut_terms(terms, max_bytes)
    assert len(cut.encode()) <= max(max_bytes, 0)
    kept = cut.split()
    assert kept == tokens[:len(kept)]
    if len(terms.encode()) <= max_bytes:
        assert cut == terms
    else:  # as many tokens as fit: one more would not
        assert len(" ".join(tokens[:len(kept) + 1]).encode()) > max_bytes
