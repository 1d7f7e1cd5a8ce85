"""Typo correction: towards general English and the article's words, never out of a real word."""

from __future__ import annotations

import pytest

from bot.engine.spelling import Speller

ARTICLE_WORDS = ["patents", "pellow", "victim", "landlord", "hammer", "starmer", "deployment"]


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(ARTICLE_WORDS)


@pytest.mark.parametrize(("typed", "meant"), [
    ("waht", "what"), ("hwo", "who"), ("victm", "victim"), ("starmr", "starmer"), ("landlrod", "landlord"),
    ("hamemr", "hammer"), ("deploymnets", "deployments"), ("deplyomnet", "deployment"),
], ids=lambda v: v)
def test_a_typo_is_corrected(speller: Speller, typed: str, meant: str) -> None:
    assert speller.correct(typed) == meant


@pytest.mark.parametrize("word", ["patients", "posted", "cops", "continuously", "pellow", "us"])
def test_a_real_or_article_word_stays_itself(speller: Speller, word: str) -> None:
    assert speller.correct(word) == word


def test_a_word_nobody_knows_and_nothing_is_near_stays_itself(speller: Speller) -> None:
    assert speller.correct("zqxjkw") == "zqxjkw"


@pytest.mark.parametrize(("typed", "meant"), [("wich", "which"), ("thos", "those"), ("tehm", "them")], ids=str)
def test_a_letter_left_out_or_swapped_beats_a_commoner_word_with_a_letter_changed(typed: str, meant: str) -> None:
    assert Speller([]).correct(typed) == meant  # "wich" is "which", though "with" is commoner


@pytest.mark.parametrize(("typed", "meant"), [("walkin", "walking"), ("somethin", "something"), ("goin", "going")])
def test_a_dropped_final_g_is_put_back(typed: str, meant: str) -> None:
    assert Speller([]).correct(typed) == meant


@pytest.mark.parametrize("word", ["thin", "raisin", "cabin", "begin"])
def test_a_real_word_ending_in_in_keeps_its_ending(word: str) -> None:
    assert Speller([]).correct(word) == word


@pytest.mark.parametrize(("typed", "meant"), [("adn", "and"), ("hte", "the"), ("yuo", "you"), ("wehn", "when")], ids=str)
def test_a_three_letter_slip_is_corrected_from_general_english(typed: str, meant: str) -> None:
    assert Speller({"mayor", "fined", "tax"}).correct(typed) == meant


@pytest.mark.parametrize("word", ["sea", "son", "fan", "bat", "owe", "axe", "nun"])
def test_a_short_real_word_is_never_turned_into_an_article_word_one_slip_away(word: str) -> None:
    """ "sea" is one slip from the article's "tea" and "son" from its "sun": both stay themselves."""
    assert Speller({"tea", "sun", "fin", "bay", "owl", "ace", "gun"}).correct(word) == word


@pytest.mark.parametrize(("typed", "meant"), [
    ("qho", "who"), ("ehen", "when"), ("xtarmer", "starmer"), ("bictim", "victim"), ("tarmer", "starmer"),
], ids=str)
def test_a_slip_in_the_first_letter_is_corrected_too(speller: Speller, typed: str, meant: str) -> None:
    """ "qho": q is beside w on the keyboard; "tarmer" lost its first letter."""
    assert speller.correct(typed) == meant


@pytest.mark.parametrize(("typed", "meant"), [("sau", "say"), ("dud", "did"), ("mang", "many"), ("starus", "status")],
                         ids=str)
def test_a_key_beside_the_right_one_is_a_common_slip(typed: str, meant: str) -> None:
    """ "sau" is "say" with the key beside y, though it is "saul" with a letter left out: the article
    says "say"; a rare real word ("dud") is a typo for a common one a key away."""
    assert Speller({"say", "did", "many", "status", "ferry"}).correct(typed) == meant


def test_the_article_decides_between_two_common_slips() -> None:
    """ "fwe" is "few" swapped and "fee" with the key beside e: an article about a fee means the fee."""
    assert Speller({"fee", "transfer"}).correct("fwe") == "fee"
    assert Speller({"rain"}).correct("fwe") == "few"


def test_a_double_letter_typed_once_is_the_likeliest_slip() -> None:
    assert Speller({"story", "boss"}).correct("sory") == "sorry"
