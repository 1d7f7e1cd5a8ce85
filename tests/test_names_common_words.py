"""A common word inside a longer name is still the common word when a question uses it on its own.

"stock" in "the London Stock Exchange" does not make every question that says "stock" about the
exchange: "how much did Ferro's stock rise?" is answered by the sentence about its shares.  A single
capitalised word ("Monday", "Ferro") still has to be in the answer's sentence.  The article is invented.
"""

from __future__ import annotations

import pytest
from engine_helpers import engine_for, top_match

from bot.engine.conversation import Conversation
from bot.engine.engine import Engine


@pytest.fixture(scope="module")
def ferro() -> Engine:
    return engine_for("ferro_listing.txt")


def test_a_common_word_of_a_longer_name_does_not_bind_the_question_to_it(ferro: Engine) -> None:
    best = top_match(ferro, "how much did Ferro's stock rise on Monday?")
    assert "jumped 12%" in best.pair.quote.text


def test_a_name_of_one_capitalised_word_still_binds_it(ferro: Engine) -> None:
    # the sentence about the cars sold does not say "Midlands": it is not about the cars made there
    ranked = ferro.rank(ferro.reader.read("how many cars did Ferro sell in the Midlands?"), Conversation())[1]
    assert all("Midlands" in m.pair.quote.text for m in ranked)
