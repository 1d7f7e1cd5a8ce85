"""Example questions: the one picker behind /start, "hi", declines' suggestions and buttons.

It lives with the engine because the engine's own replies (greetings, declines) offer examples,
and every example must be a question the engine answers.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.model import Knowledge

__all__ = ["EXAMPLE_KINDS", "as_question", "example_questions"]

EXAMPLE_KINDS = ("what", "identity", "how_many", "where", "when", "who", "why", "summary", "headline")
EXAMPLE_MAX_CHARS = 48


def example_questions(
    knowledge: Knowledge, count: int = 3, answerable: Callable[[str], bool] | None = None
) -> tuple[str, ...]:
    """Up to ``count`` short questions the article answers, about different subjects and of
    different kinds where possible.

    Kinds are taken in :data:`EXAMPLE_KINDS` order; within a kind, questions with more stored
    phrasings (the central ones) come first.  ``answerable`` (e.g. "the engine answers it")
    filters them.  They are shown capitalised, with a question mark.
    """
    candidates = []
    for order, pair in enumerate(knowledge.qa):
        question = as_question(pair.questions[0])
        if not question or len(question) > EXAMPLE_MAX_CHARS:
            continue
        rank = EXAMPLE_KINDS.index(pair.kind) if pair.kind in EXAMPLE_KINDS else len(EXAMPLE_KINDS)
        subject = pair.terms[0] if pair.terms else None
        candidates.append(((rank, -len(pair.questions), order), question, pair.kind, pair.fact or pair.id, subject))
    candidates.sort(key=lambda c: c[0])
    chosen: list[str] = []
    kinds: set[str] = set()
    seen: set[str] = set()  # facts and subjects already shown
    for strict in (True, False):
        for _, question, kind, fact, subject in candidates:
            if len(chosen) >= count:
                return tuple(chosen)
            if question in chosen or fact in seen:
                continue
            if strict and (kind in kinds or (subject is not None and subject in seen)):
                continue
            if answerable is not None and not answerable(question):
                continue
            chosen.append(question)
            kinds.add(kind)
            seen.update(x for x in (fact, subject) if x is not None)
    return tuple(chosen)


def as_question(text: str) -> str:
    """A stored phrasing as a person would type it: capitalised, ending in a question mark."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith("?") else text.rstrip(".!") + "?"
