"""A body's head named by a title: "the Labour leader", "Corvane's CEO", "who runs Brookmere Rovers?".

News names people by role ("Labour group leader Ann Cole", "Corvane chief executive Imogen Tarrant");
questions ask for them by a shorter or other title of the same body, or by what they do ("runs",
"leads").  The reader puts the person's name in place of the title, so the question is about them;
a bare title that another body's person also holds ("leader") never stands for that other person.
The article is invented.
"""

from __future__ import annotations

import pytest
from engine_helpers import engine_for, said

from bot.engine.engine import Engine


@pytest.fixture(scope="module")
def corvane() -> Engine:
    return engine_for("corvane.txt")


HEADS = [
    ("who runs Brookmere Rovers?", "dan price"),  # the verb: who heads it
    ("who is Corvane's CEO?", "imogen tarrant"),  # another name of the role's title
    ("who is Corvane's chairman?", "colin abbot"),  # of two heads, the one holding the office asked
    ("how old is the Labour leader?", "52-year-old"),  # "Labour group leader"; not the Lib Dem leader, 39
    ("what did the Labour leader say?", "take the firm to court"),
]


@pytest.mark.parametrize(("question", "expected"), HEADS, ids=[q for q, _ in HEADS])
def test_a_title_of_a_body_names_its_head(corvane: Engine, question: str, expected: str) -> None:
    assert expected in said(corvane, question)


def test_the_head_is_read_in_place_of_the_title(corvane: Engine) -> None:
    question = corvane.reader.read("who leads Labour on the council?")
    assert question.entities == {"cole"}
    assert question.words[:2] == ("who", "is")


def test_a_deputy_is_no_head(corvane: Engine) -> None:
    # "deputy leader of the Green Party" heads nothing: the question keeps its own words
    words = ("who", "runs", "the", "green", "party")
    assert corvane.reader.read("who runs the Green Party?").words == words


def test_a_generic_title_of_a_body_with_two_heads_names_neither(corvane: Engine) -> None:
    # "boss" fits both Corvane's chief executive and its chairman: which one is not known
    question = corvane.reader.read("what did the Corvane boss say?")
    assert not question.entities & {"tarrant", "abbot"}


def test_a_bare_title_given_to_another_body_is_not_that_persons(corvane: Engine) -> None:
    # Raj Bell is "leader" too, but of the Liberal Democrats
    assert "bell" not in corvane.reader.read("who is the Green Party leader?").entities
    assert "bell" in corvane.reader.read("who is the Lib Dem leader?").entities
