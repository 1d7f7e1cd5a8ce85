"""Match a question to the QA pair that answers it, or to nothing.

A plain fuzzy string match answers near-misses with confidence ("what did Lavrov say about the
ceasefire?" looks like "what did Lavrov say?").  So the score combines three things:

- **coverage**: the question's content terms (synonyms folded, typos corrected against the
  article's vocabulary, weighted by rarity) must be found in the pair's sentence, aliases and
  phrasings; a term the article never uses ("Zelensky", "cost") weighs most of all;
- **key-term agreement**: a person, organisation or number the question names must be one the
  answer is about;
- **phrasing similarity**: rapidfuzz between the question and the pair's generated phrasings;

and the question's answer type (who / when / where / how many) must be one the pair answers.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bot.engine.language import Language
from bot.engine.reader import Question, QuestionReader
from bot.engine.related import opposite_terms
from bot.engine.spans import AnswerSpan, index_spans
from bot.engine.spelling import english_frequencies
from knowledge.faithful import deed_lemma, doers_by_sentence, done_to_by_sentence
from knowledge.model import SPEECH_KINDS, Knowledge, QAPair

__all__ = ["ARTICLE_KINDS", "Match", "Matcher"]

TYPE_MISMATCH = 0.4  # below any threshold: a when-question is never answered with a who
SPAN_FIT = 0.93  # an answer found in passing in a sentence is less sure than a pair made for the question
ARTICLE_KINDS = frozenset({"summary", "headline", "people"})
NOT_ASKED_FOR = 0.8  # a who-, when- or where-answer to a question that did not ask for one
TYPED_KINDS = frozenset({"who", "identity", "venue", "when"})
# Which pair kinds answer which question types, and the sentence span kind that can stand in.
ANSWERS_TYPE: dict[str, tuple[frozenset[str], str]] = {
    "who": (frozenset({"who", "identity", "venue"}), "who"),
    "name": (frozenset({"who", "identity"}), "who"),
    "person": (frozenset({"who", "identity"}), "person"),
    "when": (frozenset({"when"}), "when"),
    "date": (frozenset({"when"}), "date"),
    "where": (frozenset({"where", "venue"}), "where"),
    "how_many": (frozenset({"how_many"}), "how_many"),
    "kind": (frozenset(), "kind"),
    "why": (frozenset({"why"}), "why"),
    "organisation": (frozenset({"venue"}), "who"),
    "place": (frozenset(), "place"),
}


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Za-z]+)?\b")
_LOWER_WORD = re.compile(r"\b[a-z][a-z]+\b")
_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")  # capitalised words in a row: a name
# Zipf frequency (data/english_words.txt) from which a word inside a name is a common word: "stock"
# (4.9), "workers" (5.0), "city" (5.6), not most surnames ("Devlin" 3.1, "Brennan" 3.7)
COMMON_IN_NAME = 4.0
MAX_PHRASING_WORDS = 24  # long generated phrasings are compared on their start
SIMILARITY_CUTOFF = 40  # below this a phrasing says nothing about the question
WORDS_REMEMBERED = 20_000  # words whose first term is kept: the article's and the questions' words
EVIDENCE_FOR = 2  # the decision weighs the best match and its runner-up; the rest only rank


_SCORE_AND_ID = itemgetter(0, 1)  # a scored candidate's (-score, pair id): best first, ties by id
_DID = frozenset({"did", "does", "do"})  # "who did Emma marry?": a doer follows, the one asked is done to
_OBJECT_AUXILIARIES = frozenset({"did", "does", "do", "will", "would", "could", "can", "should", "might"})


def _asks_object(words: tuple[str, ...] | list[str], verb_at: int) -> bool:
    """ "who did A attack?", "whom will B sign?": the question names the doer and asks whom it was done to."""
    return len(words) > 2 and words[0] in ("who", "whom") and words[1] in _OBJECT_AUXILIARIES and verb_at > 2


def _names_other_doer(words: tuple[str, ...] | list[str], verb_at: int) -> bool:
    """ "what did the advertisers pass to A?": a doer no entity names stands between the auxiliary and
    the verb, so the entities named after the verb are the ones it was done to."""
    aux = next((i for i, w in enumerate(words[:verb_at]) if w in _OBJECT_AUXILIARIES), None)
    return aux is not None and verb_at - aux > 1


@lru_cache(maxsize=8192)
def _deed(word: str) -> str | None:
    """The deed verb a question word is a form of, remembered: every question asks it of each word."""
    return deed_lemma(word)


def _asks_duration(question: Question) -> bool:
    """ "how long did they wait?": the amount asked is a length of time (only how-many questions ask)."""
    return "how long" in " ".join(question.words)


def _sorted_words(words) -> str:
    return " ".join(sorted(words))


class Match(NamedTuple):
    """A scored pair and the evidence for it, which the decision weighs.

    A named tuple rather than a frozen dataclass: eight are made per question, and a frozen
    dataclass's ``__init__`` (one ``object.__setattr__`` per field) costs four times as much.

    ``score`` ranks; ``coverage`` is the IDF-weighted share of the question's terms the pair has
    (its sentence, names and phrasings), ``literal`` the share its sentence itself has;
    ``missing``/``missing_known`` the weight (0–1) of the heaviest question term its sentence lacks
    (of any term / of one the article uses elsewhere); ``unknown`` the weighted share of terms the
    article never uses; ``order`` how many neighbouring question terms keep their order in the
    sentence; ``type_fit`` how well the pair answers the kind of question.  ``absent`` is the
    weighted share of the question's terms its sentence lacks (``absent_known``: of those the article
    uses elsewhere, a related word standing in for the question's own not counted, ``absent_unmatched``: that no phrasing or name of the pair has either,
    ``absent_proper``: capitalised names), ``absent_count`` how many, ``absent_number`` whether one is
    a number; ``soft_mass`` the share of the question lost to related words standing in for its own;
    ``denied`` whether the sentence is negated and the question is not (``denied_near``: a negation
    stands just before one of the question's terms, "is not always practical" for "what is always
    practical?"); ``opposed`` whether the
    sentence has the opposite of a question term it lacks ("the end" asked, "the beginning" said);
    ``swapped_modifier`` the weighted share of the question's terms that the sentence lacks where it
    has the word they qualify qualified by another ("secret ballot" for "open ballot", "19th
    century" for "20th century"); ``number_rival`` whether the sentence lacks a number the question
    has but gives another.
    The evidence past ``type_fit`` is worked out for the best two matches only: the decision weighs no more.
    """

    pair: QAPair
    score: float
    coverage: float
    similarity: float
    span: AnswerSpan | None = None
    literal: float = 0.0
    type_fit: float = 1.0
    missing: float = 0.0
    missing_known: float = 0.0
    unknown: float = 0.0
    order: float = 0.5
    numbers_missing: int = 0
    contradicted: bool = False
    absent: float = 0.0
    absent_known: float = 0.0
    absent_unmatched: float = 0.0
    absent_proper: float = 0.0
    absent_count: int = 0
    absent_number: bool = False
    soft_mass: float = 0.0
    denied: bool = False
    opposed: bool = False
    focus: float = 0.0  # how-many questions: whether the number counts what the question counts (0..1)
    denied_near: bool = False
    swapped_modifier: float = 0.0
    number_rival: bool = False


class _Asked(NamedTuple):
    """What one question asks, worked out once per ranking rather than once per candidate (a named
    tuple, as :class:`Match` is, for the cost of making one)."""

    about_speech: bool
    identity: bool
    named: frozenset[str]
    locative: bool  # "in which country …": a place things happen in, not one that acts
    object: bool = False  # "who did A attack?": the one it was done to, never a deed's doer
    doer: bool = False  # "who formulated the theory?": whoever did it (not "who did Emma marry?", "… with?")
    deed_at: int | None = None  # where the question's first deed verb stands
    negated: bool = False
    opposed: tuple[tuple[str, frozenset[str]], ...] = ()  # its words that have opposites, with them
    antonyms: tuple[tuple[str, frozenset[str]], ...] = ()  # its terms' WordNet opposites it does not name
    sequence: tuple[str | None, ...] = ()  # each question word's content term, in order (None: none)


class _Weighed(NamedTuple):
    """The question's weights as every candidate's evidence reads them, summed once per ranking."""

    total: float  # of all its terms (1 when it has none)
    soft: dict[str, float]  # a related word standing in for the question's -> the share of a match
    others: dict[str, tuple[tuple[str, float], ...]]  # the other related words for it
    unknown: float  # the weighted share of its terms the article never uses


@dataclass(frozen=True, slots=True)
class _Candidate:
    pair: QAPair
    sentences: tuple[int, ...]
    bag: frozenset[str]
    literal: frozenset[str]
    raw: frozenset[str]
    negated: bool
    subject: str | None
    said: bool  # the pair reports someone's words
    focus: frozenset[str]
    entities: frozenset[str]
    numbers: frozenset[int]
    first_at: dict[str, int] = field(default_factory=dict)  # each sentence term -> where it first stands
    sentence: int = -1  # the first sentence the pair quotes (-1: none); a field, since ranking asks often


_COPULAS = frozenset({("is",), ("are",), ("was",), ("were",)})  # "who is the chief executive": who that is
_PASSIVE_BEFORE = frozenset({"was", "were", "is", "are", "been", "be", "being", "get", "got"})


class Matcher:
    """Scores questions against one knowledge base; built once, then pure per call."""

    def __init__(self, knowledge: Knowledge, language: Language, reader: QuestionReader) -> None:
        self.knowledge = knowledge
        self.language = language
        self.reader = reader
        self._facts = {f.id: f for f in knowledge.facts}
        self._times = {f.id: (frozenset(language.terms(f.time)), language.is_calendar_date(f.time))
                       for f in knowledge.facts if f.time}
        sentence_terms = [frozenset(language.terms(s.text)) for s in knowledge.sentences]
        self._entity_sentences = {e.id: frozenset(e.mentions) for e in knowledge.entities}
        self._candidates = [self._candidate(pair, sentence_terms) for pair in knowledge.qa]
        self._postings: dict[str, list[int]] = {}
        self._literal_postings: dict[str, list[int]] = {}
        for i, candidate in enumerate(self._candidates):
            for term in candidate.bag:
                self._postings.setdefault(term, []).append(i)
            for term in candidate.literal:
                self._literal_postings.setdefault(term, []).append(i)
        self._topic = self._topic_entities(knowledge)
        self._topic_names = reader.names_of(self._topic)
        # a body or place the article is about is implied in every sentence; a person is not: "how much
        # did they pay for Varga?" is not answered by the fee "City paid for Mensah" in a story about Varga
        self._topic_bodies = frozenset(e for e in self._topic if (k := knowledge.entity(e)) is None or k.kind != "person")
        self._speech_cues = language.speech_verbs | language.opinion_words
        headline = frozenset(language.terms(knowledge.sentences[0].text)) if knowledge.sentences else frozenset()
        # the headline's names are the topic, implied everywhere ("who fought in the French and Indian War?")
        self._proper = self._proper_terms(knowledge, language) - reader.names_of(self._topic) - headline
        # token_sort_ratio is ratio() on sorted words: sort the phrasings once, not on every question;
        # phrasings are compared by shape (names masked), and equal shapes ("what did @macron say" for
        # each of his names and statements) are scored once for all their owners.
        owners: dict[str, list[int]] = {}
        for i, candidate in enumerate(self._candidates):
            for phrasing in candidate.pair.questions:
                shape = reader.shape(language.words(phrasing)[:MAX_PHRASING_WORDS])
                owners.setdefault(_sorted_words(shape), []).append(i)
        self._phrasings = list(owners)
        self._phrasing_owners = [tuple(dict.fromkeys(o)) for o in owners.values()]
        document_frequency: Counter[str] = Counter(t for terms in sentence_terms for t in terms)
        count = max(len(sentence_terms), 1)
        self._weights = {t: math.log(1 + count / df) for t, df in document_frequency.items()}
        self._unknown_weight = 2.0 * math.log(1 + count)
        self._spans = index_spans(knowledge, language)
        self._doers = doers_by_sentence(knowledge)
        self._done_to = done_to_by_sentence(knowledge)
        self._spokespeople = self._people_of(knowledge)
        self._sentence_ids = frozenset(s.index for s in knowledge.sentences)
        self._neighbourhoods: dict[tuple[int, ...], tuple[dict[str, set[str | None]], frozenset[str | None]]] = {}
        self._word_terms: dict[str, str | None] = {}

    def _candidate(self, pair: QAPair, sentence_terms: list[frozenset[str]]) -> _Candidate:
        """A pair with what matching needs of it: its sentence's terms, entities, numbers, negation."""
        covered = self._sentences_covered(pair)
        sentences = tuple(sorted(covered))
        first = sentences[0] if sentences else -1
        phrasing_terms = frozenset(t for q in pair.questions for t in self.language.terms(q))
        if pair.kind in ARTICLE_KINDS or pair.kind == "identity":  # about the article or a name, not a sentence
            named = frozenset(pair.terms) if pair.kind == "identity" else frozenset()
            return _Candidate(pair=pair, sentences=sentences, sentence=first, bag=phrasing_terms,
                              literal=frozenset(), raw=frozenset(), negated=False, subject=None, said=False,
                              focus=frozenset(), entities=named, numbers=frozenset())
        entities = frozenset(eid for eid, mentions in self._entity_sentences.items() if mentions & covered)
        entities |= frozenset(t for t in pair.terms if t in self.reader.alias_terms)
        literal = frozenset().union(*(sentence_terms[i] for i in sentences))
        bag = literal | frozenset(self.language.terms(pair.answer)) | phrasing_terms
        bag = bag.union(*(self.reader.alias_terms.get(eid, frozenset()) for eid in entities))
        words = self.language.words(" ".join(self.knowledge.sentences[i].text for i in sentences))
        fact = self._facts.get(pair.fact or "")
        ordered = [t for i in sentences for t in self.language.terms(self.knowledge.sentences[i].text)]
        first_at = {t: i for i, t in reversed(list(enumerate(ordered)))}
        return _Candidate(pair=pair, sentences=sentences, sentence=first, bag=bag, literal=literal,
                          first_at=first_at, raw=frozenset(words), negated=self.language.negated(words),
                          subject=fact.subject if fact else None, said=fact is not None and fact.kind in SPEECH_KINDS,
                          focus=self._focus_terms(pair), entities=entities | self._spelled_out(literal),
                          numbers=frozenset(self.language.numbers(words)))

    def _focus_terms(self, pair: QAPair) -> frozenset[str]:
        """What a number pair counts, with its value ("30-day ceasefire" -> day, ceasefire).

        A rate counts what comes before its "per": "a few thousand troops per country" counts
        troops, and does not answer "how many countries".
        """
        fact = self._facts.get(pair.fact or "")
        if fact is None or fact.kind != "number":
            return frozenset()
        return frozenset(self.language.terms(f"{fact.value} {fact.counts.split(' per ')[0]}"))

    def amount(self, question: Question, match: Match) -> AnswerSpan | None:
        """For a how-many question answered by a number pair, the amount its sentence offers nearest the
        question's words, when that is another number than the pair's.

        A sentence with several numbers makes one pair for each, all about equally close to the
        question, so which pair ranks first says little about which number is asked: "The party won
        19 of the council’s 45 seats" is asked "how many seats did they win?".  An age pair (every
        phrasing of it asks an age: "Tom Reed, 58") answers only a question about age, so its number
        is no candidate for any other, and "how long" asks for an amount of time.  Only the reply's
        line: the evidence the decision weighed is the pair's, as ranked.
        """
        age_words = self.language.age_words
        if question.answer_type != "how_many" or match.pair.kind != "how_many" or match.span is not None \
                or age_words.intersection(question.words):
            return None
        said = self.language.numbers(self.language.words(match.pair.answer))
        age = all(age_words.intersection(q.split()) for q in match.pair.questions)
        asked = self._asked(question)
        # an age's number is read as one the question already gives, so no span of it is chosen
        named = asked.named | {str(n) for n in said} if age else asked.named
        sentences = [self._spans[i] for i in sorted(self._sentences_covered(match.pair)) if i in self._spans]
        units = self.language.duration_units if _asks_duration(question) else frozenset()
        timed = frozenset(s.start for sentence in sentences for s in sentence.by_kind.get("how_many", ())
                          if units.intersection(self.language.terms(s.label)))
        found = (sentence.best("how_many", named, question.entities, asked.about_speech, question.counted,
                               preferred=timed) for sentence in sentences)
        span = next((s for s in found if s is not None), None)
        if span is None or self.language.numbers(self.language.words(span.label)) & said:
            return None
        return span

    def _sentences_covered(self, pair: QAPair) -> frozenset[int]:
        """Indices of the sentences a pair's quote spans."""
        return frozenset(s.index for s in self.knowledge.sentences
                         if s.start < pair.quote.end and pair.quote.start < s.end)

    @staticmethod
    def _people_of(knowledge: Knowledge) -> dict[str, frozenset[str]]:
        """The people whose role names an organisation ("regional secretary of the X Union"): what
        they say is what "what did the X Union say?" asks for."""
        people = [e for e in knowledge.entities if e.kind == "person" and e.role]
        out: dict[str, frozenset[str]] = {}
        for body in knowledge.entities:
            if body.kind == "organisation":
                names = [n.removeprefix("the ") for n in (body.name, *body.aliases) if " " in n.removeprefix("the ")]
                members = frozenset(p.id for p in people if any(n in p.role for n in names))
                if members:
                    out[body.id] = members
        return out

    @staticmethod
    def _topic_entities(knowledge: Knowledge) -> frozenset[str]:
        """What the whole article is about: named in the headline and in a third of its sentences.

        "the chief executive of Voltix" in an article about Voltix: the company is implied in
        every sentence, so no sentence has to name it again.
        """
        body = max(len(knowledge.sentences) - 1, 1)
        return frozenset(e.id for e in knowledge.entities
                         if 0 in e.mentions and len([i for i in e.mentions if i > 0]) * 3 >= body)

    @staticmethod
    def _proper_terms(knowledge: Knowledge, language: Language) -> frozenset[str]:
        """Terms the article writes with a capital inside a sentence: names, nationalities, days.

        A question that uses one ("the Frankish identity") is about that name: an answer whose
        sentence does not have it is about something else, however many other words agree.
        """
        found: set[str] = set()
        common: set[str] = set()
        frequency = english_frequencies()
        for sentence in knowledge.sentences[1:]:
            for match in _CAPITALISED.finditer(sentence.text):
                if match.start() > 0:
                    found.update(language.terms(match.group()))
            # "stock" in "the London Stock Exchange", "workers" in "the Allied Workers Union": a common
            # word inside a longer name is still the common word when a question uses it on its own
            for run in _NAME_RUN.finditer(sentence.text):
                for word in run.group().split()[1:]:
                    if frequency.get(word.lower(), 0.0) >= COMMON_IN_NAME:
                        common.update(language.terms(word))
        # "war" in "the French and Indian War" is still a common word where the text also writes "war"
        lower = {t for s in knowledge.sentences[1:] for w in _LOWER_WORD.findall(s.text) for t in language.terms(w)}
        return frozenset(found - lower - common)

    def _spelled_out(self, literal: set[str]) -> frozenset[str]:
        """Entities one of whose names a sentence spells out in full.

        Coreference misses some mentions ("the current Parliament"), so a sentence that has all the
        words of an entity's name is about it too.
        """
        return frozenset(eid for eid, aliases in self.reader.aliases.items()
                         if any(alias and set(alias) <= literal for alias in aliases))

    # -- scoring ----------------------------------------------------------------------------
    def weight(self, term: str) -> float:
        return self._weights.get(term, self._unknown_weight)

    def rank(self, question: Question, limit: int = 5, boost: frozenset[int] = frozenset(),
             avoid: frozenset[int] = frozenset()) -> list[Match]:
        """The best-scoring pairs for a question, best first; pairs quoting ``avoid`` sentences are left out."""
        similarity, sharing = self._similarities(question)
        weight, unknown_weight = self._weights.get, self._unknown_weight  # what :meth:`weight` reads
        weights = {t: weight(t, unknown_weight) for t in question.terms if not (t.isdigit() and question.yes_no)}
        terms = frozenset(weights)
        total = sum(weights.values())
        how_many = question.answer_type == "how_many"
        asks_duration = how_many and _asks_duration(question)
        span_cache: dict[tuple[int, ...], AnswerSpan | None] = {}
        proper = terms & self._proper
        needed = question.entities - self._topic_bodies
        asked = self._asked(question)
        speakers = self._asked_speakers(question)
        swapped = self._swapped(question, asked.deed_at)
        # coverage from the postings of the question's terms, then candidates in order of the best
        # score they could reach: once that is below the ``limit``-th score found, the rest cannot rank.
        # Sums are kept in lists by candidate (indexing a list costs a third of a ``dict.get``), and
        # which candidates share a term in a set filled a posting list at a time; a question that
        # only names someone ("who was their leader?") is covered by naming them
        named = float(bool(question.entities))
        covered = [0.0 if total else named] * len(self._candidates)
        literally = [0.0] * len(self._candidates)
        # nothing in common with the question (no term, no phrasing): it can neither answer nor be suggested
        soft = dict(question.soft)  # a related word stands in for the question's as that share of a match
        others = dict(question.soft_others)
        for term, w in weights.items():
            if term in others:  # each candidate is credited with the closest stand-in it has
                for postings, total_of in ((self._postings, covered), (self._literal_postings, literally)):
                    for i, share in self._closest_stand_ins(term, soft[term], others[term], postings).items():
                        total_of[i] += w * share
                        sharing.add(i)
                continue
            w *= soft.get(term, 1.0)
            postings = self._postings.get(term, ())
            sharing.update(postings)
            for i in postings:
                covered[i] += w
            for i in self._literal_postings.get(term, ()):
                literally[i] += w
        # the best case: the fullest focus and type fit (1.02), and only the bonuses this question can
        # give (a boosted sentence, a named subject, a speaker's words); the last term absorbs rounding
        focus_most = 0.1 if how_many else 0.0
        bonus = 0.05 * bool(boost) + 0.03 * bool(question.entities) + 0.05 * bool(speakers) + 1e-9
        # the best case of every candidate sharing a term or a phrasing, as one product per sum (the
        # same bound as 0.62 coverage + 0.33 similarity + 0.05 literal, to rounding, which the bonus absorbs);
        # the evidence itself is worked out only for the candidates looked at
        divisor = total or 1.0  # no terms: the sums stay as they started
        per_covered, per_literal, per_similar = 0.62 * 1.02 / divisor, 0.05 * 1.02 / divisor, 0.33 * 1.02 / 100
        most = focus_most * 1.02 + bonus
        plans = [(per_covered * covered[i] + per_literal * literally[i] + per_similar * similarity[i] + most, i)
                 for i in sharing]
        plans.sort(reverse=True)
        floor: list[float] = []  # the ``limit`` best scores so far, lowest first
        scored: list[tuple] = []  # (-score, pair id, candidate, evidence): a Match is made for the top only
        candidates, type_fit, entities, numbers = self._candidates, self._type_fit, question.entities, question.numbers
        for best_case, i in plans:  # the loop's reads bound to locals: it runs about twenty times a question
            if len(floor) >= limit and best_case < floor[0]:
                break
            candidate = candidates[i]
            if candidate.sentence in avoid:
                continue
            if not needed <= candidate.entities:
                continue
            if speakers and not self._states_view_of(candidate.pair, speakers):
                continue
            if candidate.sentence in swapped and not question.yes_no:
                continue  # "what did A accuse B of?" where the sentence says B accused A ("did B ...?" it answers)
            if proper and not proper <= candidate.bag:  # a name the question uses that the pair lacks
                continue
            coverage, literal, similar = covered[i] / divisor, literally[i] / divisor, similarity[i] / 100
            factor, span = type_fit(question, candidate, asked, span_cache)
            focus = self._focus_fit(question, candidate, span, asks_duration) if how_many else 0.0
            score = (0.62 * coverage + 0.33 * similar + 0.05 * literal + 0.1 * focus) * factor
            if candidate.sentence in boost:
                score = min(1.0, score + 0.05)
            if candidate.subject is not None and candidate.subject in entities:
                score += 0.03  # "Moscow's answer": Moscow's own statement before others' in the same sentence
            if speakers and candidate.said:
                score += 0.05  # "what did he say?": his words before his deeds
            if numbers and not numbers & candidate.numbers:
                score *= 0.8 if question.yes_no else 0.7
            if len(floor) >= limit and score < floor[0]:
                continue
            scored.append((-score, candidate.pair.id, candidate, coverage, similar, literal, factor, focus, span))
            heapq.heappush(floor, score)
            if len(floor) > limit:
                heapq.heappop(floor)
        scored.sort(key=_SCORE_AND_ID)
        weighed = _Weighed(divisor, soft, others, sum(weights.get(t, 0.0) for t in question.unknown) / divisor)
        # every field by position: a keyword argument is looked for among all the names
        return [Match(candidate.pair, -negative, coverage, similar, span, literal, factor,
                      *self._evidence(question, candidate, weights, asked, weighed, focus)) if n < EVIDENCE_FOR
                else Match(candidate.pair, -negative, coverage, similar, span, literal, factor, focus=focus)
                for n, (negative, _, candidate, coverage, similar, literal, factor, focus, span)
                in enumerate(scored[:limit])]

    def _asked(self, question: Question) -> _Asked:
        """What the question asks, for every candidate to be checked against."""
        words = question.words
        deed_at = next((i for i, w in enumerate(words) if _deed(w)), None)
        opposites = self.language.opposites
        return _Asked(about_speech=bool(self.language.speech_verbs.intersection(words)),
                      identity=question.answer_type == "who" and self._asks_identity(question),
                      named=frozenset(question.terms) | self.reader.names_of(question.entities),
                      locative=bool(self.language.locative_prepositions.intersection(words)),
                      object=_asks_object(words, deed_at or 0), deed_at=deed_at,
                      doer=self._asks_doer(words, deed_at),
                      negated=self.language.negated(words),
                      opposed=tuple((w, opposites[w]) for w in words if w in opposites),
                      antonyms=self._antonyms(question.terms), sequence=self._term_sequence(words))

    def _asks_doer(self, words: tuple[str, ...], deed_at: int | None) -> bool:
        """ "who formulated the theory?", "who was the duke?": the question asks who did or is something,
        not whom something was done to ("who did Emma marry?", "who did they buy it from?")."""
        return len(words) > 1 and words[0] == "who" and not _asks_object(words, deed_at or 0) \
            and words[1] not in _DID and words[-1] not in self.language.object_prepositions

    def _term_sequence(self, words) -> tuple[str | None, ...]:
        """Each word's content term in order, None for a stopword: where words stand, not just which."""
        known = self._word_terms
        if len(known) >= WORDS_REMEMBERED:
            known.clear()
        out = []
        for word in words:  # each word's term remembered: most words of a question were seen before
            if word not in known:
                known[word] = next(iter(self.language.terms_of_words([word])), None)
            out.append(known[word])
        return tuple(out)

    def _neighbourhood(self, candidate: _Candidate) -> tuple[dict[str, set[str | None]], frozenset[str | None]]:
        """The candidate's sentence read once (only the best two candidates of a question need it):
        each term -> the terms right before it, and the terms up to three words after a denial."""
        found = self._neighbourhoods.get(candidate.sentences)
        if found is None:
            words = self.language.words(" ".join(self.knowledge.sentences[i].text for i in candidate.sentences))
            sentence = tuple(zip(words, self._term_sequence(words)))
            negations = self.language.negations
            denied = frozenset(t for i, (word, _) in enumerate(sentence) if word in negations
                               for _, t in sentence[i + 1:i + 4])
            qualified: dict[str, set[str | None]] = {}
            for (_, before), (_, term) in zip(sentence, sentence[1:]):
                if term is not None:
                    qualified.setdefault(term, set()).add(before)
            found = self._neighbourhoods[candidate.sentences] = (qualified, denied)
        return found

    @staticmethod
    def _closest_stand_ins(term: str, share: float, others: tuple[tuple[str, float], ...],
                           postings: dict[str, list[int]]) -> dict[int, float]:
        """Candidate -> the share of a match of the closest of a question word's stand-ins it has."""
        best = dict.fromkeys(postings.get(term, ()), share)
        for other, degree in others:
            for i in postings.get(other, ()):
                if degree > best.get(i, 0.0):
                    best[i] = degree
        return best

    @staticmethod
    def _antonyms(terms: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
        """Each question term's opposites, unless the question names one itself ("abstract or concrete?")."""
        asked = frozenset(terms)
        out = []
        for term in terms:
            others = opposite_terms(term)
            if others and not others & asked:
                out.append((term, others))
        return tuple(out)

    def _evidence(self, question: Question, candidate: _Candidate, weights: dict[str, float], asked: _Asked,
                  weighed: _Weighed, focus: float) -> tuple:
        """What a candidate's sentence lacks, keeps in order or denies of the question: the fields of
        :class:`Match` past ``type_fit``, in their order (``focus``, worked out by the ranking, among them)."""
        total, soft, others = weighed.total, weighed.soft, weighed.others
        # a pair with no sentence of its own (a name, the gist) lacks what its phrasings and names lack
        has = candidate.literal or candidate.bag
        # a stand-in the sentence lacks is had if it has another word related to the question's
        used = {t: max((d for o, d in others.get(t, ()) if o in has), default=0.0)
                for t in soft if t not in has} if soft else {}
        topic = self._topic_names
        lacking = [t for t in weights if t not in has and t not in topic and not used.get(t)]
        missing = missing_known = absent = absent_known = absent_unmatched = absent_proper = 0.0
        if lacking:  # the best matches mostly lack nothing: then each of these is 0
            heaviest = self._unknown_weight
            lacking_weights = [weights[t] for t in lacking]  # lists, not generators: a few terms each
            missing = max(lacking_weights) / heaviest
            # a stand-in is not a word the article uses elsewhere: the question's own word is not
            known_weights = [weights[t] for t in lacking if t not in question.unknown and t not in soft]
            missing_known = max(known_weights, default=0.0) / heaviest
            absent = sum(lacking_weights) / total
            absent_known = sum(known_weights) / total
            absent_unmatched = sum([weights[t] for t in lacking if t not in candidate.bag]) / total
            absent_proper = sum([weights[t] for t in lacking if t in self._proper]) / total
        position = candidate.first_at
        present = [t for t in question.terms if t in position]
        neighbours = list(zip(present, present[1:]))
        order = sum(position[a] < position[b] for a, b in neighbours) / len(neighbours) if neighbours else 0.5
        denied_near, swapped_modifier = self._local_evidence(candidate, asked, weights, set(lacking), total)
        return (missing, missing_known, weighed.unknown, order,
                len(question.numbers - candidate.numbers) if candidate.raw else 0,  # numbers_missing
                self._contradicts(asked, candidate),
                absent, absent_known, absent_unmatched, absent_proper, len(lacking),  # ... absent_count
                any(t.isdigit() for t in lacking),  # absent_number
                sum(w * (1 - (used.get(t) or soft[t]))
                    for t, w in weights.items() if t in soft) / total if soft else 0.0,  # soft_mass
                candidate.negated and not asked.negated,  # denied
                bool(asked.antonyms) and any(t not in candidate.literal and opposite & candidate.literal
                                             for t, opposite in asked.antonyms),  # opposed
                focus, denied_near, swapped_modifier,
                bool(question.numbers - candidate.numbers and candidate.numbers - question.numbers))  # number_rival

    def _local_evidence(self, candidate: _Candidate, asked: _Asked, weights: dict[str, float],
                        lacking: set[str], total: float) -> tuple[bool, float]:
        """What the words right next to the question's terms in the sentence say: a denial just before
        one, or another qualifier in place of the question's (``denied_near``, ``swapped_modifier``)."""
        if not candidate.raw:
            return False, 0.0
        qualified, denied = self._neighbourhood(candidate)  # sentence term -> the terms right before it
        asked_terms = frozenset(weights)
        denied_near = not asked.negated and not denied.isdisjoint(asked_terms)
        swapped = set()
        for modifier, head in zip(asked.sequence, asked.sequence[1:]):
            if modifier in lacking and head in qualified and any(
                    b is not None and b not in asked_terms for b in qualified[head]):
                swapped.add(modifier)
        return denied_near, sum(weights[t] for t in swapped) / total

    def _similarities(self, question: Question) -> tuple[list[float], set[int]]:
        """Best rapidfuzz similarity (0–100) of the question to each candidate's phrasings, by candidate
        (0 below the cutoff), and the candidates with a phrasing at or above it.

        A list indexed by candidate, as the coverage sums are: the ranking reads it for every candidate
        it bounds, and indexing a list costs a third of a ``dict.get``.
        """
        similar = [0] * len(self._candidates)
        query = _sorted_words(question.shape or question.words)
        if not query:
            return similar, set()
        found = process.extract(query, self._phrasings, scorer=fuzz.ratio, processor=None,
                                score_cutoff=SIMILARITY_CUTOFF, limit=None)
        owners = self._phrasing_owners
        # best first, so read backwards: an owner's first phrasing found, its best, is written last
        best = {owner: score for _, score, index in reversed(found) for owner in owners[index]}
        for owner, score in best.items():
            similar[owner] = score
        return similar, set(best)

    def _asked_speakers(self, question: Question) -> frozenset[str]:
        """The entities whose own words a question asks for: "what did X say", "X's view".

        Only those named before the speech word: in "what did the MP tell the BBC" the BBC listens.
        """
        if question.answer_type != "what":
            return frozenset()
        cues = self._speech_cues
        verb_at = next((i for i, w in enumerate(question.words) if w in cues), None)
        if verb_at is None:
            return frozenset()
        # "which of the department's figures did Dr X say ...": the speaker stands after the auxiliary
        aux = max((i for i, w in enumerate(question.words[: verb_at - 1]) if w in _OBJECT_AUXILIARIES), default=-1)
        before = set(self.language.terms_of_words(list(question.words[aux + 1 : verb_at])))
        asked = frozenset(eid for eid in question.entities if before & self.reader.alias_terms.get(eid, frozenset()))
        return asked.union(*(self._spokespeople.get(eid, frozenset()) for eid in asked))

    def _swapped(self, question: Question, at: int | None) -> frozenset[int]:
        """Sentences where the deed a question asks about (its verb at ``at``) was done by another
        entity it names.

        "What did A accuse B of?" names A as the doer (named before the verb, active voice); a
        sentence where B accused A answers a question the article never raises.
        """
        if at is None or _PASSIVE_BEFORE.intersection(question.words[:at]):
            return frozenset()
        verb = _deed(question.words[at])
        before = set(self.language.terms_of_words(list(question.words[:at])))
        doers = frozenset(e for e in question.entities if before & self.reader.alias_terms.get(e, frozenset()))
        others = question.entities - doers
        if doers and _asks_object(question.words, at) and any(verb in verbs for verbs in self._doers.values()):
            # "who did A attack?" where the article says who attacked: only a sentence where A attacks answers
            # it; any other is upside down or beside it
            return frozenset(k for k in self._sentence_ids if not self._doers.get(k, {}).get(verb, frozenset()) & doers)
        if not doers and others and _names_other_doer(question.words, at):
            # "what did the advertisers pass to A?" where A did the passing: the one it was done to acts
            return frozenset(k for k, verbs in self._doers.items() if verbs.get(verb, frozenset()) & others)
        if doers and not others:
            # "how much did A fine?" where A "has been fined": A is the one it was done to, and where A
            # never does it, the question's premise is upside down
            done_to = frozenset(k for k, verbs in self._done_to.items() if verbs.get(verb, frozenset()) & doers)
            does = any(verbs.get(verb, frozenset()) & doers for verbs in self._doers.values())
            return frozenset() if not done_to else done_to if does else self._sentence_ids
        if not doers or not others:
            return frozenset()
        done_by = [verbs[verb] for verbs in self._doers.values() if verb in verbs]
        if any(who & others for who in done_by) and not any(who & doers for who in done_by):
            return self._sentence_ids  # "why did B hit A?" where only A hits B: the premise is upside down
        return frozenset(k for k, verbs in self._doers.items() if verbs.get(verb, frozenset()) & others
                         and not verbs.get(verb, frozenset()) & doers)

    def _states_view_of(self, pair: QAPair, speakers: frozenset[str]) -> bool:
        fact = self._facts.get(pair.fact or "")
        return fact is not None and fact.subject in speakers and fact.kind in ("quote", "indirect", "claim", "stance", "action")

    def _contradicts(self, asked: _Asked, candidate: _Candidate) -> bool:
        """Whether the pair's sentence says the opposite of what the question assumes.

        A question that denies what the sentence asserts, or swaps one of its words for the
        opposite ("decline" for "rise"), is about something the article does not say.
        """
        if not candidate.raw:
            return False
        if asked.negated and not candidate.negated:
            return True
        return any(word not in candidate.raw and opposites & candidate.raw for word, opposites in asked.opposed)

    def _quoted(self, pair: QAPair) -> bool:
        """Whether the pair is a direct quote's: its words are the speaker's, so a question that matches them
        without asking who said them ("who got hurt?") is about what the words tell, not who spoke."""
        fact = self._facts.get(pair.fact or "")
        return fact is not None and fact.kind == "quote"

    def _focus_fit(self, question: Question, candidate: _Candidate, span: AnswerSpan | None,
                   asks_duration: bool) -> float:
        """For how-many questions: whether the number counts what the question counts (0..1)."""
        if question.answer_type != "how_many":
            return 0.0
        counted = candidate.focus if span is None else frozenset(self.language.terms(span.label))
        counted = frozenset(t for t in counted if not t.isdigit())
        if not counted:
            return 0.0
        fit = len(counted & frozenset(question.terms)) / len(counted)
        if asks_duration:
            fit = (fit + (1.0 if counted & self.language.duration_units else 0.0)) / 2
        return fit

    def _new_time(self, question: Question, pair: QAPair) -> bool:
        """Whether a when-pair's time tells the question something, of the precision it asks for."""
        time = self._times.get(pair.fact or "")
        if time is None:
            return True
        terms, is_date = time
        if terms <= set(question.terms):
            return False
        return question.answer_type != "date" or is_date

    def _asks_identity(self, question: Question) -> bool:
        """ "who is Putin?": a question naming one entity and nothing else asks who that is."""
        if len(question.entities) != 1:
            return False
        names = self.reader.alias_terms.get(next(iter(question.entities)), frozenset())
        rest = [w for w in question.words if w not in self.language.identity_words]
        return bool(question.terms) and set(self.language.terms_of_words(rest)) <= names \
            and not set(rest) & self.language.speech_verbs  # "who said Russia …" asks for someone else

    def _type_fit(self, question: Question, candidate: _Candidate, asked: _Asked,
                  span_cache: dict[tuple[int, ...], AnswerSpan | None]) -> tuple[float, AnswerSpan | None]:
        """How well a pair fits the question's answer type, and the sentence span that answers it."""
        pair = candidate.pair
        if pair.kind in ARTICLE_KINDS:  # the gist answers "what", the cast answers "who"
            fits = question.answer_type == ("who" if pair.kind == "people" else "what")
            return (1.0 if fits else 0.5), None
        wanted = ANSWERS_TYPE.get(question.answer_type)
        if wanted is None or question.yes_no:
            typed = pair.kind in TYPED_KINDS or (pair.kind == "how_many" and (question.yes_no or question.answer_type == "how"))
            return (NOT_ASKED_FOR if typed else 1.0), None
        kinds, span_kind = wanted
        if pair.kind == "venue" and not asked.about_speech:
            kinds = kinds - {"venue"}  # "told The Times" says where words were said, not where troops go
        if asked.identity:
            return (1.02, None) if pair.kind == "identity" else (TYPE_MISMATCH, None)
        if asked.object and pair.kind in ("who", "identity"):
            return TYPE_MISMATCH, None  # "who did A attack?" is answered by whom, not by a doer or who A is
        if pair.kind == "who" and not asked.about_speech and self._quoted(pair):
            return TYPE_MISMATCH, None  # "who got hurt?" is not answered by who said “he never hurt anyone”
        if pair.kind == "who" and candidate.subject in question.entities:
            return TYPE_MISMATCH, None  # "who said Russia would have no say?" is not answered "Russia"
        if pair.kind == "identity" and question.entities.intersection(pair.terms) \
                and question.words[1:2] not in _COPULAS:
            return TYPE_MISMATCH, None  # "who fined Tom Vale?" is not answered "Tom Vale, 41"
        if pair.kind == "when" and not self._new_time(question, pair):
            return TYPE_MISMATCH, None  # "the date of Thursday's meeting" is not "Thursday"
        counts_other = question.counted is not None and pair.kind == "how_many" and question.counted not in candidate.focus
        if pair.kind in kinds and not counts_other:
            return 1.02, None  # a pair made for this question type beats a span found in passing
        if span_kind == "place" and asked.locative:
            span_kind = "place_in"
        if candidate.sentences not in span_cache:
            found = (self._spans[i].best(span_kind, asked.named, question.entities, asked.about_speech,
                                         question.counted, asked.doer)
                     for i in candidate.sentences if i in self._spans)
            span_cache[candidate.sentences] = next((span for span in found if span is not None), None)
        span = span_cache[candidate.sentences]
        return (SPAN_FIT + span.salience, span) if span is not None else (TYPE_MISMATCH, None)
