"""Words of one series (first, second, ...): a sentence saying one contradicts a question asking another."""

from __future__ import annotations

from engine_helpers import top_match

from bot.engine.engine import Engine
from knowledge.build import build_knowledge


MEETINGS = """How the town council meets

The council meets on the first Monday of each month in the Guildhall.
The first item of business at each meeting is a report from the mayor.
"""


def test_another_word_of_a_series_contradicts_the_question() -> None:
    """ "the second item" is not the sentence's "first item": ordinals are one series."""
    engine = Engine(build_knowledge(MEETINGS))
    second = top_match(engine, "what is the second item of business at each meeting?")
    assert "first item of business" in second.pair.quote.text and second.contradicted
    first = top_match(engine, "what is the first item of business at each meeting?")
    assert "first item of business" in first.pair.quote.text and not first.contradicted
