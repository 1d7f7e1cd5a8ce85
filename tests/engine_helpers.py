"""Shared steps of the engine tests that look at ranking directly."""

from __future__ import annotations

from bot.engine.conversation import Conversation
from bot.engine.engine import Engine
from bot.engine.ranking import Match


def top_match(engine: Engine, question: str) -> Match:
    """The first-ranked candidate for ``question`` asked on its own."""
    return engine.rank(engine.reader.read(question), Conversation())[1][0]


def said(engine: Engine, question: str) -> str:
    """The answer and its quote, lower-cased, for a question that must be answered with a verbatim quote."""
    reply, _ = engine.reply(question)
    assert reply.answered, (question, reply)
    assert reply.quote.is_verbatim_in(engine.knowledge.text)
    return f"{reply.text} {reply.quote.text}".lower()
