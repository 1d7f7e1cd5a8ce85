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
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from bot.engine.language import Language
from knowledge.lexicon import read_vocabulary
from knowledge.model import Knowledge

__all__ = ["AnswerSpan", "SentenceSpans", "index_spans"]

_COORDINATION = re.compile(r",\s*|\s+and\s+(?:the\s+)?|,\s+and\s+(?:the\s+)?|\s+or\s+")
_PART_OF = re.compile(r"\s+of\s+(?:[\w’'-]+\s+){0,3}")  # "19| of the council’s |45 seats"
_RELATIVE_NEXT = re.compile(r"\s+(?:\w+\s+)?(?:who|which|that|whose)\b")  # "9,860 [A&E] people| who attended"
_RANGE = re.compile(r"\s*[–—-]\s*|\s+to\s+")  # "1% to 3%", "200–300": one amount
_ACTOR_KINDS = frozenset({"who", "person"})  # spans naming who did something
CLAUSE_KINDS = frozenset({"when", "why"})  # spans that are clauses ("after the vote", "because ...")
NEAR_COUNTED = 25  # characters between "a population of" and the amount it introduces
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_WORD_BEFORE = re.compile(r"[A-Za-z0-9’'-]+")
_CLAUSE_START = re.compile(r"[,;:()“”\"]")  # a preposition governs a name only inside its own clause
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that"})
MODIFIERS_BEFORE = 2  # lower-case words that may stand between a preposition and its name ("from the businessman")


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
    prepositions: frozenset[str] = frozenset()  # whose object is no deed's doer (``object_prepositions``)
    # the spans of each kind, in order: a question asks for one kind, and most sentences have few of it
    by_kind: dict[str, tuple[AnswerSpan, ...]] = field(init=False, repr=False, compare=False)
    _starts: list[int] = field(init=False, repr=False, compare=False)  # where each content word starts ...
    _ends: list[int] = field(init=False, repr=False, compare=False)  # ... and ends (absolute offsets)

    def __post_init__(self) -> None:
        kinds: dict[str, list[AnswerSpan]] = {}
        for span in self.spans:
            kinds.setdefault(span.kind, []).append(span)
        object.__setattr__(self, "by_kind", {kind: tuple(spans) for kind, spans in kinds.items()})
        starts = sorted({pos for pos, _ in self.positions})
        object.__setattr__(self, "_starts", starts)
        object.__setattr__(self, "_ends", [pos + _TOKEN.match(self.text, pos - self.start).end() - (pos - self.start)
                                           for pos in starts])

    def best(self, kind: str, question_terms: frozenset[str], question_entities: frozenset[str] = frozenset(),
             about_speech: bool = False, counted: str | None = None, asks_doer: bool = False,
             preferred: frozenset[int] = frozenset()) -> AnswerSpan | None:
        """The span of ``kind`` nearest the question's words that the question does not itself name.

        When the question asks who *said* something, people named inside the quoted words are not it.
        When it asks who did something (``asks_doer``: "who formulated the theory?", not "who did Emma
        marry?"), a name that cannot be the doer (:meth:`_not_doer`) comes after those that can.
        Spans starting at ``preferred`` offsets come before the others (for "how long", the amounts
        of time: "94 minutes", not "1,140 patients").
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
            found = counting or near
            # "19 of the council’s 45 seats": the part counts what the whole counts; one of them is asked
            for part in choices if kind == "how_many" else ():
                whole = next((c for c in found if c.start > part.end and _PART_OF.fullmatch(
                    self.text, part.end - self.start, c.start - self.start)), None)
                if whole is not None:
                    asked = self._part_or_whole(part, whole, counted, question_terms)
                    found = [asked if s is whole else s for s in found if s is not part]
            choices = found
        if preferred:
            choices = [s for s in choices if s.start in preferred] or choices
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
            doer = asks_doer and kind in _ACTOR_KINDS
            choices.sort(key=lambda s: (*(self._not_doer(s, question_terms) if doer else ()),
                                        self._distance(s, anchors), s.start))
        return self._with_coordinates(choices[0], choices)

    def _part_or_whole(self, part: AnswerSpan, whole: AnswerSpan, counted: str,
                       question_terms: frozenset[str]) -> AnswerSpan:
        """Which of "19 of the council’s 45 seats" a how-many question asks: the whole when the question
        has a word that qualifies it ("how many seats does the council have?", "... people who
        attended A&E") or no word of the sentence but the counted thing; else the part, which heads
        the phrase ("212 of its 780 beds were taken": what was done to them was done to the part)."""
        others = [pos for pos, term in self.positions if term in question_terms and term != counted]
        if any(part.end <= pos < whole.start for pos in others) or not others:
            return whole
        if _RELATIVE_NEXT.match(self.text, whole.end - self.start):
            return whole  # "27% of the 9,860 people who attended A&E": the words after say which the whole is
        return part

    def _distance(self, span: AnswerSpan, anchors: list[int]) -> tuple[int, int]:
        """How far the span stands from the nearest of the question's words in the sentence: in content
        words between them, then in characters from the word's end (a long word is not further away).
        A name is measured from where its phrase starts: "a grant from businessman Tom Hale" names Hale
        right after "grant"."""
        start = self._governed_by(span.start)[2] if span.entity is not None else span.start
        first, after = bisect_left(self._starts, start), bisect_left(self._starts, span.end)
        nearest = (len(self._starts), 0)
        for anchor in anchors:
            at = bisect_left(self._starts, anchor)
            if at < first:
                gap = (first - at - 1, start - self._ends[at])
            elif at >= after:
                gap = (at - after, anchor - span.end)
            else:
                gap = (0, 0)
            nearest = min(nearest, gap)
        return nearest

    def _not_doer(self, span: AnswerSpan, question_terms: frozenset[str]) -> tuple[int, int]:
        """Why a name is unlikely to be who did what the question asks about, most telling first (all 0:
        nothing against it): it stands in brackets after what it names ("the clonal selection theory
        (CST)"); it is the object of a preposition ("a suggestion made by Niels Jerne", "the Battle of
        Hastings"), unless the preposition follows a word of the question ("was built by Trevithick"
        for "who built it?", "a grant from Tom Hale" for "who gave the grant?")."""
        if self.text[:span.start - self.start].rstrip().endswith("("):
            return 1, 0
        preposition, word_before, _ = self._governed_by(span.start)
        if preposition is not None and word_before is not None \
                and any(t in question_terms for t in self._terms_at(word_before)):
            preposition = None  # "built by Trevithick" for "who built it", "a grant from Tom Hale" for "who gave the grant"
        return 0, int(preposition is not None)

    def _governed_by(self, position: int) -> tuple[str | None, int | None, int]:
        """What stands before a name at ``position``: the preposition it is the object of (None: none),
        past a few lower-case words ("from businessman Tom Hale", "of the Norman abbot X"), where the
        word before that preposition starts (None: none in the clause), and where the name's own
        phrase starts ("businessman Tom Hale", "the chairman Peter Wynn": its describing words)."""
        clause = _CLAUSE_START.split(self.text[:position - self.start])[-1]
        words = list(_WORD_BEFORE.finditer(clause))
        offset = position - len(clause)
        phrase, determined = position, False
        for back, word in enumerate(reversed(words[-2 - MODIFIERS_BEFORE:])):
            lower = word.group().lower()
            at = len(words) - back - 1
            if lower in self.prepositions:
                return lower, (offset + words[at - 1].start() if at > 0 else None), phrase
            if determined or not word.group()[0].islower() or back > MODIFIERS_BEFORE:
                break  # past the phrase's determiner, or another name or a number: "Acme's chief Tom Hale"
            determined = lower in _DETERMINERS
            phrase = phrase if determined else offset + word.start()
        # lower-case words no determiner opens may be a verb ("helped Maria Lopez"): not the name's
        return None, None, phrase if determined else position

    def _terms_at(self, position: int) -> list[str]:
        return [term for pos, term in self.positions if pos == position]

    def _quoted_at(self, position: int) -> bool:
        """Whether the word at ``position`` (absolute) stands inside quotation marks."""
        before = self.text[: position - self.start]
        return before.count("“") > before.count("”")

    def _after_per(self, position: int) -> bool:
        """Whether the word at ``position`` (absolute) follows "per"."""
        return self.text[:position - self.start].lower().endswith("per ")

    def _joined(self, left: AnswerSpan, right: AnswerSpan) -> bool:
        gap = self.text[left.end - self.start:right.start - self.start]
        return right.start >= left.end and (_COORDINATION.fullmatch(gap) is not None or self._range(left, right))

    def _range(self, left: AnswerSpan, right: AnswerSpan) -> bool:
        """ "1% to 3%", "200–300": two amounts of one range ("rose from 27 to 31" is a change: two amounts)."""
        gap = self.text[left.end - self.start:right.start - self.start]
        return left.kind == "how_many" and _RANGE.fullmatch(gap) is not None \
            and not self.text[:left.start - self.start].rstrip().lower().endswith("from")

    def _with_coordinates(self, chosen: AnswerSpan, choices: list[AnswerSpan]) -> AnswerSpan:
        """"France" in "the UK and France" answers as "UK and France": coordinated spans go together;
        an amount in a range ("between 1% and 3%", "200–300") answers as the whole range, in its words."""
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
        label = self.text[group[0].start - self.start:group[-1].end - self.start] \
            if all(map(self._range, group, group[1:])) else ", ".join(labels[:-1]) + " and " + labels[-1]
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
                                            tuple(positions), sentence.text, sentence.start,
                                            language.object_prepositions)
    return out
