"""The structure evidence: whether the sentence puts the question's words in the same relations.

Each check has a question that uses the sentence's words in another relation (a denial on one
side only, a prefixed opposite, another word between the same neighbours, a name on the other side
of its word, another name in its place) and one that keeps them.  Invented sentences.
"""

from __future__ import annotations

import pytest

from bot.engine.conversation import Conversation
from bot.engine.engine import Engine
from bot.engine.language import Language, default_language
from bot.engine.structure import (
    Reading,
    given_to_other,
    negation_flip,
    opposite_word,
    prefix_opposite,
    read_text,
    side_swap,
    structure_evidence,
    subject_swap,
    swapped_word,
)
from knowledge.build import build_knowledge


@pytest.fixture(scope="module")
def language() -> Language:
    return default_language()


def _negation_flip(question: Reading, sentence: Reading) -> bool:
    return negation_flip(question, sentence, default_language().negations)


# (check, sentence, a question it finds relating the words otherwise or None, one it does not)
CASES = [
    (_negation_flip, "Puzzles that can be solved by hand are known as easy puzzles.",
     "What are puzzles that cannot be solved by hand known as?", "What are puzzles that can be solved by hand known as?"),
    (_negation_flip, "Tired bees send out warning scents to the hive.",  # a failing verb denies like "not"
     "What kind of bees fail to send out warning scents?", "What kind of bees send out warning scents?"),
    (_negation_flip, "In a sealed tank there are no pipes that are rusted.",  # both deny, in another order
     None, "In what kind of tank are there no rusted pipes?"),
    (_negation_flip, "The sensor tells apart metal and non-metal parts.",  # "non" denies only its own word
     None, "What kinds of parts does the sensor tell apart?"),
    (prefix_opposite, "The readings were found consistent with the model.",
     "The readings were inconsistent with what?", "The readings were consistent with what?"),
    (prefix_opposite, "The cart runs on frictionless wheels.",  # a negative suffix
     "What does the cart run on friction wheels for?", "What does the cart run on frictionless wheels for?"),
    (opposite_word, "The pump lets cold water enter the tank at night.",
     "What lets cold water exit the tank at night?", "What lets cold water enter the tank at night?"),
    (opposite_word, "The pump lets cold water enter the tank at night.",  # naming both asks which
     None, "Does the pump let cold water enter or exit the tank?"),
    (swapped_word, "The valve keeps the boiler independent of the outside temperature.",
     "What keeps the boiler dependent of the outside temperature?",
     "What keeps the boiler independent of the outside temperature?"),
    (swapped_word, "The outcome of each vote is known within hours.",  # one neighbour kept: a paraphrase
     None, "When is the outcome of each ballot known?"),
    (side_swap, "The rebels, under their leader Tomas, agreed to pay tribute to Queen Alva.",
     "Who did Queen Alva pay tribute to?", "Who paid tribute to Queen Alva?"),
    (side_swap, "The bridge was designed by Mara Holt in 1990.",  # a passive turns the order round
     None, "What did Mara Holt design in 1990?"),
    (side_swap, "The rebels, under their leader Tomas, agreed to pay tribute to Queen Alva Reyes.",  # from the name's end
     "Who did Queen Alva Reyes pay tribute to?", "Who paid tribute to Queen Alva Reyes?"),
    (subject_swap, "The monks had a lasting influence on coastal farming after their arrival.",
     "Who did the coastal farming have a lasting influence on?", "Who had a lasting influence on coastal farming?"),
    (subject_swap, "When a beetle meets a hungry spider, it rolls into a ball.",
     "What does a spider do when it meets a beetle?", "What does a beetle do when it meets a spider?"),
    (subject_swap, "In winter mode each heater runs at half power.",  # the next phrase qualifies: "in winter mode"
     None, "At what power does each heater run in winter mode?"),
    (subject_swap, "The prize was won by the youngest rider in the race.",  # a passive question
     None, "Who was the prize won by?"),
    (given_to_other, "Unlike the older Velo sold last year, the new Kestrel needs a charger for every battery.",
     "The Velo needs a charger for what?", "The Kestrel needs a charger for what?"),
]


@pytest.mark.parametrize(("check", "sentence", "otherwise", "kept"), CASES)
def test_a_check_finds_the_words_related_otherwise_and_only_then(language: Language, check, sentence: str,
                                                                  otherwise: str | None, kept: str) -> None:
    said = read_text(language, sentence)
    if otherwise is not None:
        assert check(read_text(language, otherwise), said)
    assert not check(read_text(language, kept), said)


def test_a_yes_no_question_is_answered_by_a_denial(language: Language) -> None:
    sentence = read_text(language, "The club did not renew the lease.")
    asked = read_text(language, "Did the club renew the lease?")
    assert negation_flip(asked, sentence, language.negations)
    assert structure_evidence(asked, sentence, language.negations, yes_no=True)["structure_conflict"] == 0.0
    assert structure_evidence(asked, sentence, language.negations, yes_no=False)["structure_conflict"] == 1.0


def test_a_yes_no_question_is_answered_by_an_opposite(language: Language) -> None:
    sentence = read_text(language, "The plan was rejected by the council in May.")
    asked = read_text(language, "Did the council accept the plan?")
    assert opposite_word(asked, sentence)
    assert structure_evidence(asked, sentence, language.negations, yes_no=True)["structure_conflict"] == 0.0


def test_a_name_written_as_a_possessive_is_a_name(language: Language) -> None:
    reading = read_text(language, "The team met Dana Fisk\u2019s brother and Omar's aunt.")
    assert {reading.words.index("fisk"), reading.words.index("omar")} <= reading.named


ARTICLE = """Puzzle club opens in the town hall

Puzzles that can be solved by hand are known as easy puzzles, the club's founder said.
The club meets on Fridays in the old town hall.
"""


PUMP_ARTICLE = """Village pump repaired

The old pump lets water enter the tank at night, the parish clerk said.
The tank was built in 1902 and holds water for forty houses.
Each morning the clerk opens a valve to release the water.
"""


def _evidence(engine: Engine, text: str) -> dict[str, float]:
    question, ranked = engine.rank(engine.reader.read(text), Conversation())
    assert "solved by hand" in ranked[0].pair.quote.text
    return engine.decider.features(question, ranked)


def test_an_opposite_counts_when_a_related_article_word_stood_in_for_the_asked_one() -> None:
    engine = Engine(build_knowledge(PUMP_ARTICLE))
    question, ranked = engine.rank(engine.reader.read("What lets water exit the tank at night?"), Conversation())
    assert "exit" not in question.terms  # the article never says it: a related word stands in
    assert engine.decider.features(question, ranked)["structure_conflict"] >= 1.0
    question, ranked = engine.rank(engine.reader.read("What lets water enter the tank at night?"), Conversation())
    assert engine.decider.features(question, ranked)["structure_conflict"] == 0.0


def test_the_decision_weighs_the_structure_evidence_of_the_best_sentence() -> None:
    engine = Engine(build_knowledge(ARTICLE))
    assert _evidence(engine, "What are puzzles that cannot be solved by hand known as?")["structure_conflict"] == 1.0
    assert _evidence(engine, "What are puzzles that can be solved by hand known as?")["structure_conflict"] == 0.0
