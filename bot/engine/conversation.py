"""Conversation state: what a follow-up question may refer back to.

A small immutable value the caller keeps (the command line one per session, Telegram one per
chat and user); the engine takes it and returns the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Conversation"]


@dataclass(frozen=True, slots=True)
class Conversation:
    """The subject of the last answered question.

    ``entities`` are the entity ids the last question was about (or its answer's speaker),
    ``terms`` its content terms, ``qa`` the id of the QA pair it was answered with, ``sentence``
    the index of the sentence that answer quoted (-1: none yet) and ``answer_type`` what it asked
    for (who, when, ...), so that "and Starmer?" after "who is Macron?" asks who Starmer is.
    """

    entities: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    qa: str | None = None
    sentence: int = -1
    answer_type: str = "what"

    @property
    def is_empty(self) -> bool:
        return self.qa is None and not self.entities and not self.terms
