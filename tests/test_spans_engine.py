"""Answer spans at run time: a clause about the asked event is not its time."""

from __future__ import annotations

from bot.engine.spans import AnswerSpan, SentenceSpans

TEXT = "The mayor resigned two weeks after the vote on the harbour plan."


def _sentence() -> SentenceSpans:
    at = TEXT.index("after")
    clause = AnswerSpan("when", at, len(TEXT) - 1, TEXT[at:-1], frozenset({"vote", "harbour", "plan"}), lead="vote")
    return SentenceSpans((clause,), ((TEXT.index("mayor"), "mayor"), (TEXT.index("vote"), "vote")), TEXT, 0)


def test_a_when_clause_answers_when_something_else_happened() -> None:
    span = _sentence().best("when", frozenset({"mayor", "resign"}))
    assert span is not None and span.label.startswith("after the vote")


def test_a_when_clause_about_the_asked_event_does_not_answer_when_it_was() -> None:
    assert _sentence().best("when", frozenset({"vote"})) is None
