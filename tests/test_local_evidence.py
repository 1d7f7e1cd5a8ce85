"""The evidence next to the question's words: a denial just before one of them, another qualifier in
place of the question's, another number than the question's (one-word swaps that make a question
the article does not answer look like one it does).  Invented article."""

from __future__ import annotations

import pytest
from engine_helpers import top_match

from bot.engine.engine import Engine
from knowledge.build import build_knowledge

ARTICLE = """Town council approves new library budget

The council approved a budget of £2m for the new library on Tuesday.
The old reading room is not always open at weekends, a spokeswoman said.
Members elected the chairman by a secret ballot in 2019.
The library will have a glass roof and a garden for children.
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_knowledge(ARTICLE))


def test_a_denial_just_before_a_question_word_is_marked(engine: Engine) -> None:
    positive = top_match(engine, "what is always open at weekends?")
    assert "not always open" in positive.pair.quote.text and positive.denied_near
    negative = top_match(engine, "what is not always open at weekends?")
    assert "not always open" in negative.pair.quote.text and not negative.denied_near


def test_another_qualifier_of_the_same_word_is_a_swap(engine: Engine) -> None:
    swapped = top_match(engine, "how did members elect the chairman by open ballot?")
    assert "secret ballot" in swapped.pair.quote.text and swapped.swapped_modifier > 0
    same = top_match(engine, "how did members elect the chairman by secret ballot?")
    assert "secret ballot" in same.pair.quote.text and same.swapped_modifier == 0


def test_another_number_than_the_questions_is_a_rival(engine: Engine) -> None:
    other = top_match(engine, "who did members elect by a secret ballot in 2017?")
    assert "2019" in other.pair.quote.text and other.number_rival
    same = top_match(engine, "who did members elect by a secret ballot in 2019?")
    assert "2019" in same.pair.quote.text and not same.number_rival
