"""Typed answer spans: the who / when / where / how-many phrases each sentence offers.

A "who" question matched to a sentence is answered by the person or organisation in it that the
question does not already name, the one nearest the words the question shares with the sentence.
If the sentence offers no span of the asked type, the article does not answer that question
("Where will the chiefs meet on Thursday?" -- the sentence has a day, not a place).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.engine.language import Language
from knowledge.model import Knowledge

__all__ = ["AnswerSpan", "SentenceSpans", "index_spans"]

_COORDINATION = re.compile(r",\s*|\s+and\s+(?:the\s+)?|,\s+and\s+(?:the\s+)?|\s+or\s+")
_CURRENCY = "€£$¥₹"
KIND_SALIENCE = 0.02  # per further use of a describing word, up to three
NEAR_COUNTED = 25  # characters between "a population of" and the amount it introduces
_QUOTE_MARKS = str.maketrans("", "", "“”\"‘’")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


@dataclass(frozen=True, slots=True)
class AnswerSpan:
    """A phrase of one type at character offsets of the article, and how to say it as an answer."""

    kind: str
    start: int
    end: int
    label: str
    terms: frozenset[str]
    entity: str | None = None
    quoted: bool = False
    salience: float = 0.0  # how much the article is about this phrase (see ``index_spans``)


@dataclass(frozen=True, slots=True)
class SentenceSpans:
    """A sentence's typed spans and the canonical term at each of its word positions."""

    spans: tuple[AnswerSpan, ...]
    positions: tuple[tuple[int, str], ...]
    text: str
    start: int

    def best(self, kind: str, question_terms: frozenset[str], question_entities: frozenset[str] = frozenset(),
             about_speech: bool = False, counted: str | None = None) -> AnswerSpan | None:
        """The span of ``kind`` nearest the question's words that the question does not itself name.

        When the question asks who *said* something, people named inside the quoted words are not it.
        """
        anchors = [pos for pos, term in self.positions if term in question_terms]
        choices = [s for s in self.spans if s.kind == kind and s.entity not in question_entities
                   and not _restates(s, question_terms) and not (about_speech and s.quoted)]
        if counted is not None:
            # "how many countries": the amount must count countries, unless the sentence is plainly about
            # them in other words ("a population of 60,000 settlers" for "how many people")
            counting = [s for s in choices if counted in s.terms]
            near = [s for s in choices if kind == "how_many" and any(
                term == counted and -NEAR_COUNTED <= s.start - pos <= NEAR_COUNTED + s.end - s.start
                for pos, term in self.positions)]
            choices = counting or near
        if not choices:
            return None
        if anchors:
            choices.sort(key=lambda s: (min(abs(s.start - a) if a < s.start else abs(a - s.end)
                                            for a in anchors), s.start))
        return self._with_coordinates(choices[0], choices)

    def _joined(self, left: AnswerSpan, right: AnswerSpan) -> bool:
        gap = self.text[left.end - self.start:right.start - self.start]
        return right.start >= left.end and _COORDINATION.fullmatch(gap) is not None

    def _with_coordinates(self, chosen: AnswerSpan, choices: list[AnswerSpan]) -> AnswerSpan:
        """"France" in "the UK and France" answers as "UK and France": coordinated spans go together."""
        group = [chosen]
        for span in sorted(choices, key=lambda s: s.start):
            if span.start > chosen.start and self._joined(group[-1], span):
                group.append(span)
        for span in sorted(choices, key=lambda s: -s.start):
            if span.end <= chosen.start and self._joined(span, group[0]):
                group.insert(0, span)
        if len(group) == 1:
            return chosen
        labels = [s.label for s in group]
        label = ", ".join(labels[:-1]) + " and " + labels[-1]
        return AnswerSpan(chosen.kind, group[0].start, group[-1].end, label,
                          frozenset().union(*(s.terms for s in group)), chosen.entity)


def _restates(span: AnswerSpan, question_terms: frozenset[str]) -> bool:
    """Whether a span repeats the question rather than answering it.

    A clause that mostly repeats it ("when did X host" is not answered by "after X hosted"), or a
    name that shares a word with it ("who is top of the league?" is not answered by "Premier League").
    """
    shared = span.terms & question_terms
    return bool(span.terms) and (len(shared) * 2 > len(span.terms) or (span.entity is not None and bool(shared)))


def _alternatives(words) -> str:
    return "|".join(map(re.escape, words))


def index_spans(knowledge: Knowledge, language: Language) -> dict[int, SentenceSpans]:
    """Typed spans for every sentence, from the knowledge's entities and facts."""
    spans: dict[int, list[AnswerSpan]] = {s.index: [] for s in knowledge.sentences}
    text = knowledge.text

    def add(sentence_index: int, kind: str, phrase: str, label: str, entity: str | None = None,
            at: int | None = None, salience: float = 0.0) -> None:
        if not phrase or sentence_index not in spans:
            return
        sentence = knowledge.sentences[sentence_index]
        at = text.find(phrase, sentence.start, sentence.end) if at is None else at
        end = at + len(phrase)
        if at >= 0:  # a longer phrase of the same kind replaces the ones inside it ("at key locations in Ukraine")
            spans[sentence_index] = [s for s in spans[sentence_index]
                                     if not (s.kind == kind and at <= s.start and s.end <= end and s.end - s.start < len(phrase))]
        if at >= 0 and not any(s.kind == kind and s.start <= at < s.end for s in spans[sentence_index]):
            quoted = any(first <= at < last for first, last in quoted_regions)
            label = " ".join(label.translate(_QUOTE_MARKS).split())
            spans[sentence_index].append(AnswerSpan(kind, at, at + len(phrase), label,
                                                    frozenset(language.terms(phrase)), entity, quoted, salience))

    quoted_regions = []
    for fact in knowledge.facts:
        if fact.kind == "quote" and fact.content:
            at = text.find(fact.content, fact.quote.start, fact.quote.end)
            if at >= 0:
                quoted_regions.append((at, at + len(fact.content)))

    prepositions = _alternatives(sorted(language.locative_prepositions))
    locative = re.compile(rf"\b(?:{prepositions})\s+(?:the\s+)?$", re.IGNORECASE)
    location = re.compile(rf"\b(?:{prepositions})\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){{0,2}}?"
                          rf"(?:{_alternatives(language.location_nouns)})\b(?:\s+(?:in|of|near)\s+[A-Z][\w-]+)?")

    for entity in knowledge.entities:
        label = f"{entity.name} ({entity.role})" if entity.role and entity.role.lower() not in entity.name.lower() \
            else entity.name
        for index in entity.mentions:
            sentence = knowledge.sentences[index]
            for alias in sorted({entity.name, *entity.aliases}, key=len, reverse=True):
                at = text.find(alias, sentence.start, sentence.end)
                if at < 0:
                    continue
                # A place after "in"/"at" is where something happens; elsewhere it acts ("Kyiv agreed").
                kind = "who" if entity.kind != "place" or not locative.search(text, sentence.start, at) else "where"
                add(index, kind, alias, label, entity.id, at)
                if entity.kind == "person":
                    add(index, "person", alias, label, entity.id, at)
                if entity.kind == "place":  # "in Ukraine" answers "in which country", not "which countries send"
                    add(index, "place_in", alias, label, entity.id, at)
                    if kind == "who":
                        add(index, "place", alias, label, entity.id, at)
    for fact in knowledge.facts:
        if fact.time:
            add(fact.sentence, "when", fact.time, fact.time)
            if language.is_calendar_date(fact.time):
                add(fact.sentence, "date", fact.time, fact.time)
        if fact.kind == "number" and fact.value:
            money = fact.value[:1] in _CURRENCY or fact.counts == "money"
            add(fact.sentence, "how_many", fact.value, fact.value if money else f"{fact.value} {fact.counts}".strip())
        if fact.venue:
            add(fact.sentence, "who", fact.venue, fact.venue)
    when_clause = re.compile(rf"\b(?:{_alternatives(language.when_clauses)})\s+[^,;:.]{{4,80}}"
                             r"|\bshould\s+(?:a|an|the)\s+[\w-]+(?:\s+[\w-]+)?\s+be\s+\w+", re.IGNORECASE)
    reasons = _alternatives(sorted(language.reason_clauses, key=len, reverse=True))
    reason = re.compile(rf"\b(?:{reasons})\s+[^,;:.“”\"]{{4,90}}", re.IGNORECASE)
    vague = re.compile(rf"\b(?:{_alternatives(language.vague_amounts)})[”’\"']?\s+(?:[\w-]+\s+){{0,2}}?[\w-]+",
                       re.IGNORECASE)
    article_words = Counter(language.words(knowledge.text))
    described = re.compile(r"(?=\b([A-Za-z][\w-]+)\s+([a-z][a-z-]+)\b)")
    for sentence in knowledge.sentences:
        for match in described.finditer(sentence.text):
            modifier = match.group(1)
            if modifier[0].isupper() and match.start() == 0 or not language.terms(modifier) \
                    or not language.terms(match.group(2)) \
                    or not (modifier[0].isupper() or modifier.lower().endswith(language.modifier_endings)):
                continue
            phrase = sentence.text[match.start(1):match.end(2)]
            # "what sort of troops?": the describing word the article keeps using is the likelier answer
            uses = article_words[modifier.lower()]
            add(sentence.index, "kind", phrase, phrase, None, sentence.start + match.start(1),
                min(uses - 1, 3) * KIND_SALIENCE)
        for pattern, kind in ((location, "where"), (when_clause, "when"), (vague, "how_many"), (reason, "why")):
            for match in pattern.finditer(sentence.text):
                phrase = match.group().strip()
                if kind == "when" and phrase.lower().startswith(language.not_when_clauses):
                    continue
                add(sentence.index, kind, phrase, phrase, None, sentence.start + match.start())
    out: dict[int, SentenceSpans] = {}
    for sentence in knowledge.sentences:
        positions = []
        for match in _TOKEN.finditer(sentence.text):
            for term in language.terms(match.group()):
                positions.append((sentence.start + match.start(), term))
        out[sentence.index] = SentenceSpans(tuple(sorted(spans[sentence.index], key=lambda s: s.start)),
                                            tuple(positions), sentence.text, sentence.start)
    return out
