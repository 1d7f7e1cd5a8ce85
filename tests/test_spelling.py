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
