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


ARTICLE = """Van driver jailed over depot crash

A van driver was jailed on Friday for a crash that injured two workers at a parcel depot in Oakfield.
Police found the van three days after the crash in a car park near Oakfield’s town hall.
One of the workers has since had two operations on his knee.
"""


def _built():
    from bot.engine.language import default_language
    from bot.engine.spans import index_spans
    from knowledge.build import build_knowledge

    knowledge = build_knowledge(ARTICLE)
    return knowledge, index_spans(knowledge, default_language())


def _sentence_of(knowledge, offset: int) -> int:
    return next(s.index for s in knowledge.sentences if s.start <= offset < s.end)


def test_a_when_phrase_is_how_long_after_and_the_event_not_the_place_that_follows() -> None:
    knowledge, _ = _built()
    labels = [s.label for s in knowledge.spans if s.kind == "when"]
    assert "three days after the crash" in labels, labels
    assert not any("car park" in label for label in labels), labels


def test_a_when_phrase_is_about_its_event_not_its_clause_word() -> None:
    knowledge, spans = _built()
    found = next(s for sentence in spans.values() for s in sentence.spans if s.label == "three days after the crash")
    assert found.lead == "crash"
    assert spans[_sentence_of(knowledge, found.start)].best("when", frozenset({"crash"})) is None


def test_a_place_keeps_its_possessive() -> None:
    knowledge, _ = _built()
    places = [s.label for s in knowledge.spans if s.kind == "where"]
    assert any("Oakfield’s town hall" in label for label in places), places


def test_since_before_a_verb_is_no_reason() -> None:
    knowledge, _ = _built()
    assert not [s.label for s in knowledge.spans if s.kind == "why" and s.label.startswith("since")]
