"""The 统一社会信用代码: normalised as people type it, checked as GB 32100-2015 computes it."""
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from portal import create_app
from portal.memberships.credit_code import (ALPHABET, CreditCodeError, check_character, is_valid, normalise,
                                            verify)
from tests.memberships.conftest import VALID_CODES

#: Capital letters the code never uses (so as not to be read as 1, 0, 5, U and 2).
LEFT_OUT = "IOSVZ"
first17 = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.fixture(scope="module")
def bare_app():
    return create_app({"TESTING": True, "SECRET_KEY": "tests-only", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize("code", VALID_CODES)
def test_published_codes_are_accepted(code):
    assert verify(code) == code


def test_the_weights_are_those_of_the_standard():
    # GB 32100-2015 prints them: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
    from portal.memberships.credit_code import WEIGHTS

    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@given(first17)
@example("91350100M000100Y4")
def test_every_code_built_with_its_check_character_is_accepted(body):
    code = body + check_character(body)
    assert verify(code) == code


@given(first17, st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET + LEFT_OUT))
def test_every_single_character_change_of_a_valid_code_is_refused(body, position, replacement):
    code = body + check_character(body)
    if code[position] == replacement:
        replacement = ALPHABET[(ALPHABET.index(replacement) + 1) % len(ALPHABET)]
    changed = code[:position] + replacement + code[position + 1:]
    assert not is_valid(changed)


@given(first17, st.sampled_from(["", " ", "\u3000", "\t", "\n"]), st.booleans(), st.booleans())
def test_full_width_lower_case_and_spaced_forms_normalise_to_the_same_code(body, space, wide, lower):
    code = body + check_character(body)
    typed = space.join([code[:6], code[6:12], code[12:]])
    typed = typed.lower() if lower else typed
    typed = full_width(typed) if wide else typed
    assert normalise(typed) == code
    assert verify(typed) == code


def test_swapping_two_neighbours_is_refused():
    code = VALID_CODES[0]
    assert not is_valid(code[:3] + code[4] + code[3] + code[5:])


@pytest.mark.parametrize("typed, reason", [
    ("91350100M000100Y4", "too short"),
    ("91350100M000100Y433", "too long"),
    ("", "too short"),
    ("91350100M000100I43", "“I” (character 16)"),
    ("91350100M0001-0Y43", "“-” (character 14)"),
    ("91350100M000100Y44", "last character does not match"),
])
def test_a_refused_code_says_why(bare_app, typed, reason):
    with bare_app.test_request_context("/?lang=en"):
        with pytest.raises(CreditCodeError) as refused:
            verify(typed)
        assert reason in str(refused.value)
