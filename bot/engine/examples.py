"""Example questions: the one picker behind /start, "hi", declines' suggestions and buttons.

It lives with the engine because the engine's own replies (greetings, declines) offer examples,
and every example must be a question the engine answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.model import Knowledge, QAPair
from knowledge.store import KnowledgeFileError, read_yaml_data

__all__ = ["EXAMPLE_KINDS", "QuestionGrammar", "as_question", "example_questions", "phrasing", "reads_as_question"]

GRAMMAR_FILE = Path(__file__).parent / "data" / "questions.yaml"
PHRASING_MAX_CHARS = 60

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
        question = phrasing(pair, EXAMPLE_MAX_CHARS)
        if not question:
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


@dataclass(frozen=True, slots=True)
class QuestionGrammar:
    """The word lists :func:`reads_as_question` checks a phrasing against (``data/questions.yaml``)."""

    needs_auxiliary: frozenset[str]
    auxiliaries: frozenset[str]
    singular_questions: tuple[str, ...]
    plurals_without_s: frozenset[str]
    noun_phrase_openers: tuple[str, ...]
    noun_phrase_words: int
    finite_verbs: frozenset[str]
    past_forms: frozenset[str]
    needs_article: tuple[str, ...]


@lru_cache(maxsize=1)
def load_grammar(path: Path = GRAMMAR_FILE) -> QuestionGrammar:
    """Read the question grammar once; a missing entry is a one-line error naming the file."""
    data = read_yaml_data(path)
    try:
        return QuestionGrammar(
            needs_auxiliary=frozenset(data["needs_auxiliary"]), auxiliaries=frozenset(data["auxiliaries"]),
            singular_questions=tuple(data["singular_questions"]),
            plurals_without_s=frozenset(data["plurals_without_s"]),
            noun_phrase_openers=tuple(data["noun_phrase_openers"]),
            noun_phrase_words=int(data["noun_phrase_words"]), finite_verbs=frozenset(data["finite_verbs"]),
            past_forms=frozenset(data["past_forms"]), needs_article=tuple(data["needs_article"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeFileError(f"{path}: missing or malformed entry: {exc}") from None


def phrasing(pair: QAPair, max_chars: int = PHRASING_MAX_CHARS) -> str | None:
    """The first of a pair's phrasings that reads as a question a person would type, or None.

    Sentence pairs (their "question" is the sentence itself) have none.
    """
    if pair.id.startswith("s") and pair.fact is None and pair.kind == "what":
        return None
    for text in pair.questions:
        question = as_question(text)
        if pair.speaker is None and re.search(r"\bsay (?:it|that)\b", question):
            continue  # "When did X say it?" of something X did, not said
        if re.match(r"how many\b|what is the number of\b", question.lower()) and _SHARE_OR_MONEY.search(pair.answer):
            continue  # "How many shares in Acme?" answered "19%": a share or a sum is no count
        if question and len(question) <= max_chars and reads_as_question(question):
            return question
    return None


_WORD = re.compile(r"[\w’'-]+")
_SHARE_OR_MONEY = re.compile(r"%|[£$€¥]|\bper ?cent\b", re.IGNORECASE)


def reads_as_question(question: str, grammar: QuestionGrammar | None = None) -> bool:
    """Whether a question is grammatical as people ask: "When did Kyiv agree?" yes, "When agreed to a
    ceasefire?", "How big is the shares?", "When was founded?" and "Who deployed by the army?" no."""
    grammar = grammar or load_grammar()
    words = _WORD.findall(question)
    lowered = [w.lower() for w in words]
    if len(words) < 2:
        return False
    first, second = lowered[0], lowered[1]
    opener = 2 if " ".join(lowered[:2]) in grammar.needs_auxiliary else 1
    if (opener == 2 or first in grammar.needs_auxiliary) and lowered[opener:opener + 1] != [] \
            and lowered[opener] not in ("many", "much", "big", "long", "old", "far"):
        aux = lowered[opener]
        if aux not in grammar.auxiliaries or len(words) <= opener + 1 or _verb_like(words[opener + 1], grammar):
            return False
        if aux in ("did", "does", "do") and any(w in grammar.past_forms or (w.endswith("ed") and len(w) > 4)
                                                for w in lowered[opener + 1:]):
            return False  # "When did Kyiv agreed ...": the verb after "did" is in its base form
    if first == "who" and len(words) > 2 and second.endswith("ed") and lowered[2] == "by":
        return False  # a passive with its auxiliary lost: "Who deployed by ..."
    if first == "how" and second in ("many", "much") and len(words) > 2 and not words[2][:1].islower():
        return False  # "How many Brennan’s shareholders?"
    text = " ".join(lowered)
    for opener in grammar.singular_questions:
        if text.startswith(opener + " "):
            head = text[len(opener) + 1:].split()
            noun = next((w for w in head if w not in ("of", "the")), "")
            if not head or not words[len(opener.split())][:1].islower() or _plural(noun, grammar):
                return False
    for start in grammar.needs_article:
        if text.startswith(start + " ") and words[len(start.split())][:1].islower() \
                and lowered[len(start.split())] not in ("the", "a", "an"):
            return False
    if "number of" in text and not words[lowered.index("of") + 1:][:1] == [] \
            and not words[lowered.index("of") + 1][:1].islower():
        return False  # "What is the number of Brennan?"
    for opener in grammar.noun_phrase_openers:
        if text.startswith(opener + " "):
            rest = text[len(opener) + 1:].split()
            if len(rest) > grammar.noun_phrase_words or any(w in grammar.finite_verbs for w in rest):
                return False
    return True


def _verb_like(word: str, grammar: QuestionGrammar) -> bool:
    """A word right after "When was" that cannot be a subject: a participle or a finite verb."""
    lowered = word.lower()
    return word[:1].islower() and (lowered.endswith("ed") or lowered in grammar.finite_verbs)


def _plural(noun: str, grammar: QuestionGrammar) -> bool:
    return noun in grammar.plurals_without_s or (noun.endswith("s") and not noun.endswith(("ss", "us", "is")))
