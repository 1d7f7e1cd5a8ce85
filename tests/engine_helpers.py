"""Shared steps of the engine tests: an engine over an invented article, its ranking, its answers."""

from __future__ import annotations

from pathlib import Path

from bot.engine.conversation import Conversation
from bot.engine.engine import Engine
from bot.engine.ranking import Match
from knowledge.build import build_knowledge, read_article

DATA = Path(__file__).parent / "data"


def engine_for(name: str) -> Engine:
    """An engine over the invented test article ``tests/data/<name>``, built as for any new article."""
    return Engine(build_knowledge(read_article(DATA / name)))


def top_match(engine: Engine, question: str) -> Match:
    """The first-ranked candidate for ``question`` asked on its own."""
    return engine.rank(engine.reader.read(question), Conversation())[1][0]


def said(engine: Engine, question: str) -> str:
    """The answer and its quote, lower-cased, for a question that must be answered with a verbatim quote."""
    reply, _ = engine.reply(question)
    assert reply.answered, (question, reply)
    assert reply.quote.is_verbatim_in(engine.knowledge.text)
    return f"{reply.text} {reply.quote.text}".lower()
