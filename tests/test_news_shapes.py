"""Shapes of news questions that hold for any article: whose fee, the gist, who "she" is next.

The articles are invented (tests/data/transfer.txt, tests/data/court_case.txt).
"""

from __future__ import annotations

import pytest
from engine_helpers import engine_for

from bot.engine.conversation import Conversation
from bot.engine.engine import Engine


@pytest.fixture(scope="module")
def transfer() -> Engine:
    return engine_for("transfer.txt")


@pytest.fixture(scope="module")
def court() -> Engine:
    return engine_for("court_case.txt")


def test_a_person_the_article_is_about_must_be_in_the_answer(transfer: Engine) -> None:
    # the article is about Marsh, but the £6m was paid for Diallo: it is no answer about Marsh
    reply, _ = transfer.reply("how much did they pay for Marsh?")
    assert not reply.answered or "£6m" not in reply.text
    assert "£6m" in transfer.reply("how much did Kingsport pay for Diallo?")[0].text


def test_what_is_this_about_asks_for_the_gist(transfer: Engine) -> None:
    reply, _ = transfer.reply("what's this about?")
    assert reply.kind == "answer"
    assert "leo marsh" in reply.text.lower()


@pytest.mark.parametrize(("who", "then", "said"), [
    ("who was prosecuting?", "what did she tell the jury?", "lost his temper"),
    ("who was defending?", "what did he say?", "provoked"),
])
def test_the_person_a_who_question_is_answered_with_is_who_she_is_next(
        court: Engine, who: str, then: str, said: str) -> None:
    first, conversation = court.reply(who, Conversation())
    assert first.answered
    reply, _ = court.reply(then, conversation)
    assert reply.answered and said in reply.text


def test_he_after_a_who_question_is_the_person_it_was_answered_with(transfer: Engine) -> None:
    # "who have Kingsport signed?" names the club and is answered with a player: "his" is the player's
    _, conversation = transfer.reply("who have Kingsport signed?", Conversation())
    question = transfer.reader.read("how long is his contract?")
    resolved, _, _ = transfer.followups.resolve(question, conversation)
    assert resolved.entities == {"marsh"}
    assert "marsh" in resolved.words
    assert "four-year" in transfer.reply("how long is his contract?", conversation)[0].text.lower()
