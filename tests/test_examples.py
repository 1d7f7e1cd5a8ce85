"""Example and suggestion questions read as questions a person would type."""

from __future__ import annotations

import pytest

from bot.engine.examples import phrasing, reads_as_question
from knowledge.model import QAPair, Quote

QUOTE = Quote("Kyiv agreed to a truce.", 0, 23)


@pytest.mark.parametrize("question, reads", [
    ("When did Kyiv agree to a ceasefire?", True),
    ("How many troops?", True),
    ("How big is the peacekeeping force?", True),
    ("Who said “under any conditions”?", True),
    ("What did the union do?", True),
    ("When agreed to a 30-day ceasefire?", False),
    ("When did Kyiv agreed to a ceasefire?", False),
    ("When did the deal was announced?", False),
    ("When the deal was announced?", False),
    ("What date was founded?", False),
    ("How big is the shares in Brennan?", False),
    ("How big is the people?", False),
    ("How big is the Brennan?", False),
    ("How many Brennan’s shareholders?", False),
    ("What is the number of Turnout?", False),
    ("Who deployed by the army?", False),
    ("What is coalition of the willing?", False),
    ("What happened with the mayor has not yet said how she will vote?", False),
], ids=lambda v: v if isinstance(v, str) else "")
def test_reads_as_question(question, reads):
    assert reads_as_question(question) is reads


def test_phrasing_is_the_first_of_a_pairs_questions_that_reads_well():
    pair = QAPair("f-1-when", ("when agreed to a truce", "when did Kyiv agree to a truce"), "Monday.", QUOTE,
                  kind="when", fact="f1")
    assert phrasing(pair) == "When did Kyiv agree to a truce?"


def test_phrasing_never_asks_when_someone_said_what_they_did():
    pair = QAPair("f-1-when", ("when did Kyiv say it", "when did Kyiv do it"), "Monday.", QUOTE, kind="when", fact="f1")
    assert phrasing(pair) == "When did Kyiv do it?"


def test_a_sentence_pair_has_no_phrasing():
    assert phrasing(QAPair("s3", ("Kyiv agreed to a truce.",), "Kyiv agreed.", QUOTE)) is None


def test_how_many_is_not_offered_for_a_share_or_a_sum():
    pair = QAPair("f-2-how-many", ("how many shares in Acme", "what is the number of shares in Acme"),
                  "19% shares in Acme.", QUOTE, kind="how_many", fact="f2")
    assert phrasing(pair) is None
