"""Related words: a question word the article does not use meets the article word closest in meaning."""

from __future__ import annotations

import pytest

from bot.engine.language import default_language
from bot.engine.reader import QuestionReader
from bot.engine.related import DATA_FILE, MIN_DEGREE, SHARE, closest, related_terms
from knowledge.build import build_knowledge
from knowledge.words import stem

ARTICLE = """Lorry driver injured in crash on ring road

A lorry driver was injured when his vehicle hit a barrier on the Westfield ring road on Monday morning.
Police closed the road for six hours while the lorry was recovered, a council spokesman said.
The driver, 44, was taken to hospital with a broken leg.
"""


@pytest.fixture(scope="module")
def reader() -> QuestionReader:
    language = default_language()
    return QuestionReader(build_knowledge(ARTICLE), language)


@pytest.mark.parametrize(("word", "related"), [
    ("hurt", "injured"), ("cops", "policeman"), ("assault", "attack"), ("found", "find"), ("deploy", "deployment"),
])
def test_the_table_relates_words_of_one_meaning(word: str, related: str) -> None:
    terms = dict(related_terms(stem(word)))
    assert terms.get(stem(related), 0.0) >= MIN_DEGREE, terms


def test_opposites_are_never_related() -> None:
    assert stem("won") not in dict(related_terms(stem("lost")))
    assert stem("rise") not in dict(related_terms(stem("fall")))


def test_the_closest_known_term_wins_and_counts_as_part_of_a_match() -> None:
    near = closest(stem("hurt"), {stem("injury"), stem("pain")})
    assert near is not None and near[0] in {stem("injury"), stem("pain")}
    assert near[1] <= SHARE


def test_nothing_known_is_near_an_unrelated_word() -> None:
    assert closest(stem("banana"), {stem("police"), stem("road")}) is None


def test_a_question_word_the_article_does_not_use_stands_for_its_related_article_word(reader: QuestionReader) -> None:
    question = reader.read("who was hurt in the crash?")
    assert "hurt" not in question.unknown
    assert dict(question.soft).get(stem("injured"), 0.0) > 0.0
    assert stem("injured") in question.terms


def test_an_article_word_is_a_full_match_and_an_unrelated_word_stays_unknown(reader: QuestionReader) -> None:
    question = reader.read("was the driver injured playing cricket?")
    assert stem("injured") not in dict(question.soft)
    assert stem("cricket") in question.unknown


def test_the_data_file_credits_wordnet_and_stays_small() -> None:
    head = DATA_FILE.read_text(encoding="utf-8")[:600]
    assert "WordNet 3.0" in head and "Princeton University" in head
    assert DATA_FILE.stat().st_size < 2_000_000
