"""Reading a question: the word that asks, not the first question word, sets the kind of answer."""

from __future__ import annotations

import pytest

from bot.engine.language import default_language
from bot.engine.reader import QuestionReader
from knowledge.build import build_knowledge

ARTICLE = """Ferry service suspended after storm damages pier

A ferry service to the island was suspended on Monday after a storm damaged the pier.
When the pier reopens, the ferry will run twice a day, the operator said.
"""


@pytest.fixture(scope="module")
def reader() -> QuestionReader:
    return QuestionReader(build_knowledge(ARTICLE), default_language())


@pytest.mark.parametrize(("question", "kind"), [
    ("When the pier reopens, what will the ferry do?", "what"),
    ("When the pier reopens, where will the ferry sail from?", "where"),
    ("When the storm hit, who suspended the service?", "who"),
    ("When was the ferry service suspended?", "when"),
    ("When the pier reopens?", "when"),
])
def test_a_clause_before_the_comma_sets_the_scene_and_the_word_after_it_asks(reader: QuestionReader, question: str,
                                                                               kind: str) -> None:
    assert reader.read(question).answer_type == kind


def test_a_yes_no_question_after_a_greeting_is_still_one(reader: QuestionReader) -> None:
    assert reader.read("hey, was the ferry service suspended").yes_no
    assert reader.read("hey, was the ferry service suspended").terms == reader.read(
        "was the ferry service suspended").terms


def test_a_name_typed_without_its_apostrophe_is_the_possessive() -> None:
    article = ("Harbour firm Dunmore sold\n\nDunmore Shipping was sold on Monday to a rival, "
               "its founder Aled Price said.\n")
    reader = QuestionReader(build_knowledge(article), default_language())
    assert reader.read("who is dunmores founder").words == reader.read("who is dunmore's founder").words
    assert reader.read("what did the rivals say").words[-2] == "rivals"  # a word of the article stays
