"""Related words: a question word the article does not use meets the article word closest in meaning."""

from __future__ import annotations

import pytest
from engine_helpers import top_match

from bot.engine.engine import Engine
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


def test_a_words_opposite_never_stands_in_for_it() -> None:
    # WordNet's verb "father" is a synonym of "mother"; asked about the father, a sentence about the mother is no match
    assert stem("mother") in dict(related_terms(stem("father")))
    assert closest(stem("father"), {stem("mother")}) is None
    assert closest(stem("father"), {stem("parent")}) is not None


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


def test_a_name_is_not_a_related_word() -> None:
    """WordNet's instances ("general" -> Bolivar) name people, not what a common word means."""
    related = dict(related_terms(stem("general")))
    assert not {stem("bolivar"), stem("antony")} & set(related), related
    assert stem("commander") in related or stem("command") in related


def test_a_plural_with_a_meaning_of_its_own_does_not_stand_for_its_singular() -> None:
    """WordNet's "conditions" is the weather; the stemmer makes it "condition", which it is not."""
    assert stem("condition") not in dict(related_terms(stem("weather")))


def test_an_agent_noun_meets_the_activity_the_article_names() -> None:
    """ "the organisers" asks about "organising", "the builders" about "building": one word family."""
    knowledge = build_knowledge("Volunteers run the canal festival\n\nVolunteers have been organising the canal "
                                "festival since the council stopped building locks in 1998.\n")
    reader = QuestionReader(knowledge, default_language())
    for question, family in (("who are the festival organisers?", "organising"),
                             ("were the lock builders paid?", "building")):
        read = reader.read(question)
        assert stem(family) in read.terms and stem(family) not in dict(read.soft), read  # a full match


FIRE = """Fire at Millbrook paper factory

A fire broke out at the Millbrook paper factory on Tuesday night.
Fire crews said smoke from the blaze could harm people in nearby homes.
A night guard suffered an injury to his hand at the factory, the owners said.
"""


def test_each_sentence_is_credited_with_the_related_word_it_uses() -> None:
    """ "hurt" stands for "harm" in one sentence and "injury" in another: the one that also has the
    question's other words answers, and its stand-in is not a word it lacks."""
    from bot.engine.conversation import Conversation
    from bot.engine.engine import Engine

    engine = Engine(build_knowledge(FIRE))
    question = engine.reader.read("who was hurt at the factory?")
    stand_ins = {question.terms[i] for i in range(len(question.terms))} | {
        t for _, others in question.soft_others for t, _ in others}
    assert {stem("harm"), stem("injury")} <= stand_ins, question
    question, ranked = engine.rank(question, Conversation())
    assert "injury to his hand" in ranked[0].pair.quote.text
    assert ranked[0].absent == 0.0 and ranked[0].soft_mass > 0.0


def test_opposite_words_come_from_wordnet_in_the_engine_terms() -> None:
    from bot.engine.related import OPPOSITES_FILE, opposite_terms

    assert stem("export") in opposite_terms(stem("import"))
    assert stem("begin") in opposite_terms(stem("end"))
    assert stem("easier") in opposite_terms(stem("harder")) or stem("soft") in opposite_terms(stem("harder"))
    assert not opposite_terms(stem("factory"))
    head = OPPOSITES_FILE.read_text(encoding="utf-8")[:600]
    assert "WordNet 3.0" in head and "Princeton University" in head


COMMITTEES = """Council reforms its committees

The council voted on Monday to change how its committees work.
Scrutiny committees are set up at the beginning of each council year, the council leader said.
Members of each committee reflect the balance of parties on the council.
"""


def test_a_sentence_saying_the_opposite_of_a_question_word_is_marked_opposed() -> None:
    engine = Engine(build_knowledge(COMMITTEES))
    asked = top_match(engine, "what committees are set up at the end of each council year?")
    assert "beginning of each council year" in asked.pair.quote.text and asked.opposed
    same = top_match(engine, "what committees are set up at the beginning of each council year?")
    assert "beginning of each council year" in same.pair.quote.text and not same.opposed
    both = top_match(engine, "are committees set up at the beginning or the end of the year?")
    assert not both.opposed  # the question names both: it asks which
