"""Key numbers: the amounts a reader of the brief needs, each said with what it counts.

An amount is a key number unless it is an age ("Graham Smith, 52,", "the 31-year-old") or part of a
name ("Radio 4", "Formula 1").  Its line is the clause of the sentence that holds it, in the
article's words, so it says what the number counts ("26 nations attended the virtual meeting").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.briefing_rules import (drop_context_lead, inside_quotation, load_rules, name_a_closing_speaker,
                                      name_an_age_opening, reads_alone)
from knowledge.clauses import clause_at
from knowledge.model import Fact, Knowledge, Quote
from knowledge.shortening import shorten

__all__ = ["KeyNumber", "is_key_number", "key_numbers"]

MAX_NUMBERS = 5
MAX_CHARS = 140  # a number's line is one clause: longer clauses are shortened, whole pieces at a time

_AGE = re.compile(r"\d{1,3}(?:-year-old)?|(?:\w+-)?year-old")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class KeyNumber:
    """One key number: the clause that says it, and the sentence it comes from."""

    text: str
    quote: Quote


def is_key_number(fact: Fact, sentence_text: str) -> bool:
    """Whether a number fact is an amount worth a line (not an age, not part of a name)."""
    if fact.kind != "number" or not fact.value.strip():
        return False
    value = fact.value.strip()
    if not fact.counts and _AGE.fullmatch(value):
        return False
    if "year-old" in value:
        return False
    at = sentence_text.find(value)
    return at < 0 or not _part_of_name(sentence_text, at, value)


def _part_of_name(text: str, at: int, value: str) -> bool:
    """ "Radio 4", "Apollo 11": a bare number right after a capitalised word inside the sentence."""
    if not value.isdigit():
        return False
    before = text[:at].rstrip()
    word = before.split()[-1] if before.split() else ""
    return len(before.split()) > 1 and word[:1].isupper() and word.isalpha()


def key_numbers(knowledge: Knowledge, shown: tuple[str, ...] = ()) -> tuple[KeyNumber, ...]:
    """Up to :data:`MAX_NUMBERS` key numbers, one per sentence, in article order; a line that one of
    the ``shown`` texts (the brief's points) already says whole is left out, so the key numbers
    never repeat a point."""
    out: list[KeyNumber] = []
    used: set[int] = set()
    for fact in knowledge.facts:
        if len(out) >= MAX_NUMBERS:
            break
        if fact.sentence in used or fact.sentence <= 0 or fact.sentence >= len(knowledge.sentences):
            continue
        sentence = knowledge.sentences[fact.sentence]
        if not is_key_number(fact, sentence.text) or not _DIGIT.search(fact.value):
            continue
        if inside_quotation(knowledge.text, sentence.start):
            continue  # "Savings of £85m don't come from ...": someone's words, not the article's figure
        opening = drop_context_lead(name_an_age_opening(sentence.text, knowledge), load_rules())
        opening = name_a_closing_speaker(opening, sentence, knowledge)
        text = _line(opening, fact.value.strip())
        if text is None or any(text.rstrip(".") in point for point in shown):
            continue
        used.add(fact.sentence)
        out.append(KeyNumber(text=text, quote=Quote(sentence.text, sentence.start, sentence.end)))
    return tuple(out)


def _line(sentence: str, value: str) -> str | None:
    """The clause that holds the number, else the shortened sentence — whichever first reads on its
    own and still holds the number; None when neither does."""
    whole = shorten(sentence, MAX_CHARS)
    position = whole.find(value)
    if position < 0:
        return None
    start, end = clause_at(whole, position)
    clause = whole[start:end]
    whole_clause = (clause[:1].isupper() or clause[:1].isdigit()) and whole[end:end + 1] in ("", ",", ";", ".")
    rules = load_rules()
    for line in (shorten(clause, MAX_CHARS) if whole_clause else "", whole):
        if value in line and reads_alone(line, rules) and not line.startswith(("“", '"')) \
                and not _points_back(line, rules.figure_words):
            return line
    return None


def _points_back(line: str, figure_words: frozenset[str]) -> bool:
    """Whether the line's subject is "the figure" (or "the number", "the rate" ...) with its verb right
    after it ("A year earlier the figure was 9%."): what it counts is in a sentence the reader has not
    seen; "the number of beds rose to 780" says it."""
    return any(found.group(1).lower() in figure_words
               for found in re.finditer(r"\b[Tt]he\s+(\w+)\s+(?:was|is|were|are|stood|rose|fell|had|has)\b", line))
