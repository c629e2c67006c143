"""Turn texts into index terms and queries into match expressions, for SQLite FTS5 and PostgreSQL.

Pure functions, no database. Chinese (and Japanese kana, Korean Hangul: scripts written without
spaces) is indexed as overlapping bigrams plus the last character of each run, so a Chinese
query of any length is exact, the same as a substring scan: one character is a prefix query
(every character of a run starts a bigram or ends the run), two or more are the phrase of their
bigrams, and no phrase can span two runs or two texts.

Words of other scripts match by word prefix, case-insensitively: "ibm" finds "IBM", "block"
finds "blockchain", but "chain" does not find "blockchain" (an infix would need a scan or a
trigram index several times the size). A word is indexed whole and by its first two to four
letters, so a short query word is one token lookup, which the index streams, rather than a
prefix expansion it has to merge in full. Names also index their pinyin, full and initials,
from every syllable on: "wensi", "wshh", "WSHH", "wensihaihui" and "haihui" all find
大连文思海辉软件有限公司. A query of several terms ("大连 ibm") needs all of them.

PostgreSQL indexes Chinese differently (`grams=True`): every substring of a run of up to GRAM
characters is a token, so a query of up to GRAM characters is one token that GIN answers from
the index alone. With bigrams, a 3-4 character query was a phrase whose order PostgreSQL had to
check on every candidate row, and a one-character query merged hundreds of tokens. A longer
query is the phrase of its GRAM-grams, checked in order on the terms text (see `phrases`).

Any user string is safe: only letters, digits and Chinese reach an expression, each token
quoted, so FTS5 and tsquery operators in a query are just text. Queries are cut to 256
characters and 16 terms.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from pypinyin import Style, lazy_pinyin

#: Longest query we look at (characters, after normalising); the rest is ignored.
MAX_QUERY_CHARS = 256
#: Most terms a query keeps; more would only make the database work harder for no better answer.
MAX_QUERY_TERMS = 16
#: Words are also indexed by their first 2..WORD_PREFIX letters (one letter: FTS5's prefix index).
#: Longer query words expand as prefixes: SQLite has prefix indexes of 5-8 letters for them
#: (migration h8ftsprefix); indexing the prefixes as terms up to 12 letters doubled the index.
WORD_PREFIX = 4
#: Longest substring of a Chinese run indexed as a token on PostgreSQL.
GRAM = 4
#: Longest word indexed, in characters: a longer one is indexed by its beginning, which a query
#: (cut to as many characters) finds as a prefix. PostgreSQL stores the terms as they are
#: (postgresql.py), and a token past 2,047 bytes would not fit a tsvector's lexeme.
MAX_WORD_CHARS = MAX_QUERY_CHARS

_HAN = "\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Kana and Hangul are written without spaces between words too, so they get bigrams like Han.
_UNSPACED = _HAN + "\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\uac00-\ud7a3"
# A run of unspaced characters, or a word: letters and digits of any other script.
_RUN = re.compile(f"([{_UNSPACED}]+)|([^\\W_{_UNSPACED}]+)")
_HAN_RUN = re.compile(f"[{_HAN}]+")


@dataclass(frozen=True)
class Term:
    """One query term: a token prefix (`tokens` has one item) or an exact phrase of tokens."""

    tokens: tuple[str, ...]
    is_prefix: bool
    #: The run of Chinese (unspaced) characters the term stands for; "" for a word.
    run: str = field(default="", compare=False)


def normalise(text: str) -> str:
    """Return `text` in NFKC (full-width letters become half-width) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def _runs(text: str) -> Iterable[tuple[str, bool]]:
    """Yield (run, is_unspaced) for each run of unspaced characters or word in normalised text."""
    for match in _RUN.finditer(text):
        unspaced, word = match.groups()
        yield (unspaced, True) if unspaced else (word, False)


def _bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]


def _word_tokens(word: str) -> list[str]:
    word = word[:MAX_WORD_CHARS]
    return [*(word[:size] for size in range(2, min(len(word), WORD_PREFIX + 1))), word]


def run_grams(run: str) -> list[str]:
    """Return a Chinese run's tokens on PostgreSQL: its GRAM-grams in order, then each shorter
    substring once.

    The shorter ones always include a single character, so no two runs' GRAM-grams are next to
    each other in a terms text: a phrase of GRAM-grams is found there only inside one run.
    """
    longest = [run[i:i + GRAM] for i in range(len(run) - GRAM + 1)]
    shorter = dict.fromkeys(run[i:i + size] for size in range(1, GRAM) for i in range(len(run) - size + 1))
    return [*longest, *shorter]


#: Runs of up to this many characters are remembered with their tokens: names and stock phrases
#: recur (a bulk load of 100,000 synthetic firms has a few thousand distinct ones), and pinyin is
#: the slowest step of indexing. Longer runs would only fill the cache.
_CACHED_RUN = 32


def _tokens_of_run(run: str, unspaced: bool, grams: bool) -> tuple[str, ...]:
    if not unspaced:
        return tuple(_word_tokens(run))
    if grams:
        return tuple(run_grams(run))
    # The run's last character closes it, so no phrase can match across two runs.
    return (*_bigrams(run), run[-1])


_cached_tokens_of_run = lru_cache(maxsize=16384)(_tokens_of_run)


def text_tokens(texts: Iterable[str], grams: bool = False) -> list[str]:
    """Return the index tokens of some texts: for Chinese, bigrams and run-final characters (or
    `grams`), and words."""
    tokens: list[str] = []
    for text in texts:
        for run, unspaced in _runs(normalise(text)):
            tokens.extend((_cached_tokens_of_run if len(run) <= _CACHED_RUN else _tokens_of_run)(run, unspaced, grams))
    return tokens


def _pinyin_of_run(run: str) -> tuple[str, ...]:
    tokens: dict[str, None] = {}
    syllables = [s for s in lazy_pinyin(run, style=Style.NORMAL, errors="ignore") if s.isascii()]
    for start in range(len(syllables)):
        initials = "".join(s[0] for s in syllables[start:])
        tokens.update(dict.fromkeys(_word_tokens("".join(syllables[start:]))))
        if len(initials) > 1:  # a lone letter adds nothing a word prefix would not find
            tokens.update(dict.fromkeys(_word_tokens(initials)))
    return tuple(tokens)


_cached_pinyin_of_run = lru_cache(maxsize=16384)(_pinyin_of_run)


def pinyin_tokens(names: Iterable[str]) -> list[str]:
    """Return the pinyin tokens of names: full and initials, starting at each syllable."""
    tokens: dict[str, None] = {}
    for name in names:
        for run in _HAN_RUN.findall(normalise(name)):
            pinyin = _cached_pinyin_of_run if len(run) <= _CACHED_RUN else _pinyin_of_run
            tokens.update(dict.fromkeys(pinyin(run)))
    return list(tokens)


def index_text(texts: Iterable[str], pinyin_names: Iterable[str] = (), grams: bool = False) -> str:
    """Return the space-separated terms the database indexes for these texts."""
    return " ".join([*text_tokens(texts, grams), *pinyin_tokens(pinyin_names)])


def cut_terms(terms: str, max_bytes: int) -> str:
    """Return the terms that fit in `max_bytes` of UTF-8 from the start, cut between two tokens."""
    if len(terms) * 4 <= max_bytes:  # no character takes more than 4 bytes
        return terms
    data = terms.encode()
    if len(data) <= max_bytes:
        return terms
    if max_bytes <= 0:  # no room left beside the names (rfind would read a negative end from the back)
        return ""
    # The byte past the limit is included: if it is a space, the last token before it is whole.
    cut = data.rfind(b" ", 0, max_bytes + 1)
    return data[:cut].decode() if cut > 0 else ""


def query_terms(query: str) -> list[Term]:
    """Return the terms of a user's query, all of which must match; [] when nothing is searchable."""
    terms: dict[Term, None] = {}
    for run, unspaced in _runs(normalise(query)[:MAX_QUERY_CHARS]):
        if unspaced and len(run) > 1:
            terms[Term(tuple(_bigrams(run)), is_prefix=False, run=run)] = None
        elif unspaced:
            terms[Term((run,), is_prefix=True, run=run)] = None
        else:
            # A word of 2..WORD_PREFIX letters is indexed as a token of every word it begins.
            terms[Term((run,), is_prefix=not 1 < len(run) <= WORD_PREFIX)] = None
    return list(terms)[:MAX_QUERY_TERMS]


def gram_term(term: Term) -> Term:
    """Return a term as it matches terms indexed with `grams`: a Chinese run of up to GRAM
    characters is one exact token, a longer one the phrase of its GRAM-grams; words stay."""
    if not term.run:
        return term
    if len(term.run) <= GRAM:
        return Term((term.run,), is_prefix=False, run=term.run)
    return Term(tuple(run_grams(term.run)[:len(term.run) - GRAM + 1]), is_prefix=False, run=term.run)


def _fts5_term(term: Term) -> str:
    # Inside double quotes FTS5 reads no operators; a quote is escaped by doubling it.
    phrase = '"' + " ".join(term.tokens).replace('"', '""') + '"'
    return phrase + "*" if term.is_prefix else phrase


def fts5_query(terms: list[Term]) -> str:
    """Return the FTS5 MATCH expression requiring every term."""
    return " AND ".join(_fts5_term(t) for t in terms)


def _tsquery_token(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(terms: list[Term]) -> str:
    """Return the tsquery text requiring every token of every term (phrases not in order).

    PostgreSQL checks the order of a phrase's tokens by re-reading each candidate's tsvector
    from out-of-line storage, 10-15 us a row; `phrases` gives the cheaper check that replaces it.
    """
    return " & ".join(_tsquery_token(token) + (":*" if term.is_prefix else "")
                      for term in terms for token in term.tokens)


def phrases(terms: list[Term]) -> list[str]:
    """Return the phrases of several tokens, as they appear in the indexed terms text.

    A phrase's tokens are all of one length (bigrams, or GRAM-grams after `gram_term`), and
    within a run the terms text lists them in order, each run's sequence closed by a shorter
    token: "a b c" occurs in a terms text exactly where the phrase does, so a substring test of
    the terms is the phrase test.
    """
    return [" ".join(term.tokens) for term in terms if len(term.tokens) > 1]
