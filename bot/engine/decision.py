"""The decision: answer with the best-ranked pair, or decline.

The last stage of read -> resolve -> rank -> decide.  It only reads the ranked matches (their
scores and what the ranker found about each); it never calls back into the ranker.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.language import Language
from bot.engine.ranking import ARTICLE_KINDS, Match
from bot.engine.reader import Question
from knowledge.model import Knowledge

__all__ = ["Decider", "Decision"]

ANSWER_THRESHOLD = 0.5
MIN_COVERAGE = 0.6
TORN_MARGIN = 0.01
MIN_SPAN_COVERAGE = 0.65  # a phrase picked out of a sentence needs the sentence to be about the question


@dataclass(frozen=True, slots=True)
class Decision:
    """The match to answer with, or None to decline; ``ranked`` is kept for suggestions."""

    answer: Match | None
    ranked: tuple[Match, ...]


class Decider:
    """Decides whether the best match answers the question."""

    def __init__(self, knowledge: Knowledge, language: Language) -> None:
        self.language = language
        self._sources = frozenset(e.id for e in knowledge.entities if e.kind == "source")

    def decide(self, question: Question, ranked: list[Match]) -> Decision:
        """Answer with the best match when it is confident and not torn with a different answer."""
        best = ranked[0] if ranked else None
        if best is None or not self._confident(question, best) or self._torn(ranked):
            return Decision(None, tuple(ranked))
        return Decision(best, tuple(ranked))

    def _confident(self, question: Question, best: Match) -> bool:
        if question.answer_type == "name" and question.entities & self._sources:
            return False  # an anonymous source has no name to give
        if best.contradicted:
            return False
        if best.pair.kind in ARTICLE_KINDS:  # "tl;dr?" has no content words, only a familiar shape
            return best.similarity >= 0.75 or (best.similarity >= 0.6 and best.coverage >= 0.5) \
                or best.score >= ANSWER_THRESHOLD
        needed = MIN_SPAN_COVERAGE if best.span is not None else MIN_COVERAGE
        return best.score >= ANSWER_THRESHOLD and best.coverage >= needed

    def _torn(self, ranked: list[Match]) -> bool:
        """Whether the two best answers are as good as each other and say different things.

        Two sentences that fit a question equally well, with different answers, mean the question
        does not pick one out; guessing between them is how a bot gets things confidently wrong.
        """
        if len(ranked) < 2:
            return False
        best, runner = ranked[0], ranked[1]
        if best.score - runner.score > TORN_MARGIN or runner.coverage < MIN_COVERAGE:
            return False
        if best.pair.quote.start == runner.pair.quote.start:
            return False  # the same sentence: two readings of one fact
        best_text = best.span.label if best.span else best.pair.answer
        runner_text = runner.span.label if runner.span else runner.pair.answer
        return self._disagree(best_text, runner_text)

    def _disagree(self, first: str, second: str) -> bool:
        """Whether two answers differ in substance: different numbers, or no content word in common."""
        a, b = self.language.words(first), self.language.words(second)
        numbers_a, numbers_b = self.language.numbers(a), self.language.numbers(b)
        if numbers_a and numbers_b:
            return not numbers_a & numbers_b
        return not set(self.language.terms_of_words(a)) & set(self.language.terms_of_words(b))
