"""Typed answer spans at run time: each sentence's stored spans, with their terms, ready to pick from.

The spans themselves are found at build time (:mod:`knowledge.spans`) and stored in the knowledge;
here they only get the engine's canonical terms.

A "who" question matched to a sentence is answered by the person or organisation in it that the
question does not already name, the one nearest the words the question shares with the sentence.
If the sentence offers no span of the asked type, the article does not answer that question
("Where will the chiefs meet on Thursday?" -- the sentence has a day, not a place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.engine.language import Language
from knowledge.lexicon import read_vocabulary
from knowledge.model import Knowledge

__all__ = ["AnswerSpan", "SentenceSpans", "index_spans"]

_COORDINATION = re.compile(r",\s*|\s+and\s+(?:the\s+)?|,\s+and\s+(?:the\s+)?|\s+or\s+")
_ACTOR_KINDS = frozenset({"who", "person"})  # spans naming who did something
CLAUSE_KINDS = frozenset({"when", "why"})  # spans that are clauses ("after the vote", "because ...")
NEAR_COUNTED = 25  # characters between "a population of" and the amount it introduces
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
    lead: str | None = None  # its first content term past the clause word: what "after the attack" is about


@dataclass(frozen=True, slots=True)
class SentenceSpans:
    """A sentence's typed spans and the canonical term at each of its word positions."""

    spans: tuple[AnswerSpan, ...]
    positions: tuple[tuple[int, str], ...]
    text: str
    start: int
    # the spans of each kind, in order: a question asks for one kind, and most sentences have few of it
    by_kind: dict[str, tuple[AnswerSpan, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kinds: dict[str, list[AnswerSpan]] = {}
        for span in self.spans:
            kinds.setdefault(span.kind, []).append(span)
        object.__setattr__(self, "by_kind", {kind: tuple(spans) for kind, spans in kinds.items()})

    def best(self, kind: str, question_terms: frozenset[str], question_entities: frozenset[str] = frozenset(),
             about_speech: bool = False, counted: str | None = None) -> AnswerSpan | None:
        """The span of ``kind`` nearest the question's words that the question does not itself name.

        When the question asks who *said* something, people named inside the quoted words are not it.
        """
        choices = [s for s in self.by_kind.get(kind, ()) if s.entity not in question_entities
                   and not _restates(s, question_terms) and not (about_speech and s.quoted)]
        if counted is not None:
            # "how many countries": the amount must count countries, unless the sentence is plainly about
            # them in other words ("a population of 60,000 settlers" for "how many people")
            counting = [s for s in choices if counted in s.terms]
            # ... but not the thing a rate is per ("300 drivers per depot" does not count depots)
            near = [s for s in choices if kind == "how_many" and any(
                term == counted and -NEAR_COUNTED <= s.start - pos <= NEAR_COUNTED + s.end - s.start
                and not self._after_per(pos) for pos, term in self.positions)]
            choices = counting or near
        if not choices:  # most sentences have no span of the kind asked: then where the question's words stand is not read
            return None
        anchors = [pos for pos, term in self.positions if term in question_terms]
        if not about_speech and kind in _ACTOR_KINDS and anchors and all(self._quoted_at(a) for a in anchors):
            # "who got hurt?" matching only the quoted words of “My son never hurt anyone,” his mother said:
            # the speaker outside the quote is not who the words are about
            choices = [s for s in choices if s.quoted]
            if not choices:
                return None
        if anchors:
            choices.sort(key=lambda s: (min(abs(s.start - a) if a < s.start else abs(a - s.end)
                                            for a in anchors), s.start))
        return self._with_coordinates(choices[0], choices)

    def _quoted_at(self, position: int) -> bool:
        """Whether the word at ``position`` (absolute) stands inside quotation marks."""
        before = self.text[: position - self.start]
        return before.count("“") > before.count("”")

    def _after_per(self, position: int) -> bool:
        """Whether the word at ``position`` (absolute) follows "per"."""
        return self.text[:position - self.start].lower().endswith("per ")

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

    A clause that mostly repeats it ("when did X host" is not answered by "after X hosted") or is
    about what the question asks about ("when was the attack" is not "after the attack ..."), or a
    name that shares a word with it ("who is top of the league?" is not answered by "Premier League").
    """
    if span.kind in CLAUSE_KINDS and span.entity is None and span.lead in question_terms:
        return True  # "when was the attack?" is not answered "after the attack": that is its own event
    shared = span.terms & question_terms
    return bool(span.terms) and (len(shared) * 2 > len(span.terms) or (span.entity is not None and bool(shared)))


def _clause_word_terms(language: Language) -> frozenset[str]:
    """Terms of the words that open a when or why clause ("after", "once", "as a result of") and say how long.

    A purpose ("to protect ...") is opened by "to" alone: its verb is what the clause is about.
    """
    vocabulary = _vocabulary()
    words = [str(w) for w in (*vocabulary["when_clauses"], *vocabulary["reason_clauses"])
             if not str(w).startswith("to ")]
    return frozenset(t for w in words for t in language.terms(w)) | language.duration_units


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    return read_vocabulary()


def index_spans(knowledge: Knowledge, language: Language) -> dict[int, SentenceSpans]:
    """Every sentence's stored spans, with the canonical term at each of its word positions."""
    spans: dict[int, list[AnswerSpan]] = {s.index: [] for s in knowledge.sentences}
    openers = _clause_word_terms(language)
    for span in knowledge.spans:
        if span.sentence in spans:
            terms = language.terms(knowledge.text[span.start:span.end])
            lead = next((t for t in terms if t not in openers and not t.isdigit()), None) \
                if span.kind in CLAUSE_KINDS else (terms[0] if terms else None)
            # a mention by role ("the landlord") still names whom it stands for: its name is among its terms
            named = language.terms(span.label.split(" (")[0]) if span.entity else []
            spans[span.sentence].append(AnswerSpan(span.kind, span.start, span.end, span.label,
                                                   frozenset(terms) | frozenset(named),
                                                   span.entity, span.quoted, span.salience, lead))
    out: dict[int, SentenceSpans] = {}
    for sentence in knowledge.sentences:
        positions = []
        for match in _TOKEN.finditer(sentence.text):
            for term in language.terms(match.group()):
                positions.append((sentence.start + match.start(), term))
        out[sentence.index] = SentenceSpans(tuple(sorted(spans[sentence.index], key=lambda s: s.start)),
                                            tuple(positions), sentence.text, sentence.start)
    return out
