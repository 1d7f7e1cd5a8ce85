"""Typed answer spans: the who / when / where / how-many phrases each sentence offers.

A "who" question matched to a sentence is answered by the person or organisation in it that the
question does not already name, the one nearest the words the question shares with the sentence.
If the sentence offers no span of the asked type, the article does not answer that question
("Where will the chiefs meet on Thursday?" -- the sentence has a day, not a place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.language import Language
from knowledge.model import Knowledge

__all__ = ["AnswerSpan", "SentenceSpans", "index_spans"]

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
SPEECH_KINDS = ("quote", "indirect", "claim")


@dataclass(frozen=True, slots=True)
class AnswerSpan:
    """A phrase of one type at character offsets of the article, and how to say it as an answer."""

    kind: str
    start: int
    end: int
    label: str
    terms: frozenset[str]
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class SentenceSpans:
    """A sentence's typed spans and the canonical term at each of its word positions."""

    spans: tuple[AnswerSpan, ...]
    positions: tuple[tuple[int, str], ...]

    def best(self, kind: str, question_terms: frozenset[str],
             question_entities: frozenset[str] = frozenset()) -> AnswerSpan | None:
        """The span of ``kind`` nearest the question's words that the question does not itself name."""
        anchors = [pos for pos, term in self.positions if term in question_terms]
        choices = [s for s in self.spans if s.kind == kind and s.entity not in question_entities
                   and not (s.terms and s.terms <= question_terms)]
        if not choices:
            return None
        if not anchors:
            return choices[0]
        return min(choices, key=lambda s: (min(abs(s.start - a) if a < s.start else abs(a - s.end)
                                               for a in anchors), s.start))


def index_spans(knowledge: Knowledge, language: Language) -> dict[int, SentenceSpans]:
    """Typed spans for every sentence, from the knowledge's entities and facts."""
    spans: dict[int, list[AnswerSpan]] = {s.index: [] for s in knowledge.sentences}
    text = knowledge.text

    def add(sentence_index: int, kind: str, phrase: str, label: str, entity: str | None = None) -> None:
        if not phrase or sentence_index not in spans:
            return
        sentence = knowledge.sentences[sentence_index]
        at = text.find(phrase, sentence.start, sentence.end)
        if at >= 0 and not any(s.kind == kind and s.start <= at < s.end for s in spans[sentence_index]):
            spans[sentence_index].append(AnswerSpan(kind, at, at + len(phrase), label,
                                                    frozenset(language.terms(phrase)), entity))

    for entity in knowledge.entities:
        kind = "where" if entity.kind == "place" else "who"
        label = f"{entity.name} ({entity.role})" if entity.role and entity.role.lower() not in entity.name.lower() \
            else entity.name
        for index in entity.mentions:
            for alias in sorted({entity.name, *entity.aliases}, key=len, reverse=True):
                add(index, kind, alias, label, entity.id)
    for fact in knowledge.facts:
        if fact.time:
            add(fact.sentence, "when", fact.time, fact.time)
        if fact.kind == "number" and fact.value:
            add(fact.sentence, "how_many", fact.value, f"{fact.value} {fact.counts}".strip())
        if fact.venue:
            add(fact.sentence, "where", fact.venue, fact.venue)
            add(fact.sentence, "who", fact.venue, fact.venue)
    out: dict[int, SentenceSpans] = {}
    for sentence in knowledge.sentences:
        positions = []
        for match in _TOKEN.finditer(sentence.text):
            for term in language.terms(match.group()):
                positions.append((sentence.start + match.start(), term))
        out[sentence.index] = SentenceSpans(tuple(sorted(spans[sentence.index], key=lambda s: s.start)),
                                            tuple(positions))
    return out
