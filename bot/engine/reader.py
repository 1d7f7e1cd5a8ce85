"""Reading a question: its words, content terms, named entities, numbers and answer type.

The question is read against one article: typos are corrected towards general English and the
article's own words (:mod:`bot.engine.spelling`), entities are spotted by the aliases the article
gives them, and a term the article never uses is marked unknown (it weighs most when matching,
since the article cannot be about it).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.engine.heads import Heads, NameSpan
from bot.engine.language import Language, stem
from bot.engine.related import known_related
from bot.engine.spelling import REAL_WORD, WORDS_REMEMBERED, Speller
from knowledge.model import Knowledge

__all__ = ["Question", "QuestionReader"]

MIN_ROOT = 5  # "discover" and "discovery" are one family; "act" and "actor" are too short to tell
# "When three forces act on a particle, what happens?": a when-clause before the comma sets the
# scene, the question word after it asks
_LEADING_CLAUSE = re.compile(r"^\s*when\b[^,?]*,\s*"
                             r"(?=(?:what|who|whom|whose|which|how|where|why|when)\b)", re.IGNORECASE)


class Question(NamedTuple):
    """A question analysed once: its words, content terms, entities, numbers and answer type.

    A named tuple rather than a frozen dataclass, as :class:`~bot.engine.ranking.Match` is: one or two
    are made per message, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field)
    cost more than reading the question's answer type.
    """

    text: str
    words: tuple[str, ...]
    terms: tuple[str, ...]
    unknown: tuple[str, ...]
    entities: frozenset[str]
    numbers: frozenset[int]
    answer_type: str
    yes_no: bool
    counted: str | None = None  # "how many countries" -> "country"
    shape: tuple[str, ...] = ()  # the words with names masked: "what did @macron say"
    soft: tuple[tuple[str, float], ...] = ()  # article terms standing in for related question words, and how close
    # for each stand-in, the article's other terms related to the same question word: a sentence
    # may use any of them (the one closest in meaning anywhere in the article need not be its own)
    soft_others: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()



class QuestionReader:
    """Reads questions about one article; built once, then pure per call."""

    def __init__(self, knowledge: Knowledge, language: Language) -> None:
        self.knowledge = knowledge
        self.language = language
        self.aliases: dict[str, list[tuple[str, ...]]] = {
            e.id: sorted({tuple(language.terms(n)) for n in (e.name, *e.aliases)} - {()})
            for e in knowledge.entities
        }
        self.alias_terms: dict[str, frozenset[str]] = {
            eid: frozenset(t for terms in ts for t in terms) for eid, ts in self.aliases.items()}
        phrasings = [q for pair in knowledge.qa for q in pair.questions]
        self.known = frozenset(
            {t for s in knowledge.sentences for t in language.terms(s.text)}
            | {t for ts in self.alias_terms.values() for t in ts}
            | {t for q in phrasings for t in language.terms(q)}
            | {t for pair in knowledge.qa for t in language.terms(pair.answer)})
        self._words = frozenset(language.words(knowledge.text)) | frozenset(
            w for phrase in language.synonyms for w in phrase.split()) | frozenset(
            w for q in phrasings for w in language.words(q))
        self._speller = Speller(self._words)
        self._corrections: dict[str, str] = {}  # a question word -> the word it was meant to be
        # a related word is looked up as the engine folds it: "strike" is the article's "attack"
        self._canonical = {stem(w): stem(c) for w, c in language.synonyms.items() if " " not in w + c}
        self._synonym_targets = frozenset(language.synonyms.values())
        # each alias filed under its first term: only aliases one of whose terms was asked can be spotted
        self._aliases_by_term: dict[str, list[tuple[str, int, frozenset[str]]]] = {}
        for eid, alias_list in self.aliases.items():
            for rank, alias in enumerate(alias_list):
                self._aliases_by_term.setdefault(alias[0], []).append((eid, rank, frozenset(alias)))
        self._names: dict[tuple[str, ...], str] = {}
        self._names_by_entity: dict[str, list[tuple[str, ...]]] = {}
        for entity in knowledge.entities:
            for name in (entity.name, *entity.aliases):
                words = tuple(language.words(name))
                if words and words not in language.stopwords:
                    self._names.setdefault(words, entity.id)
                    self._names_by_entity.setdefault(entity.id, []).append(words)
        self._name_heads: dict[str, int] = {}  # a name's first word -> words in the longest name it starts
        for name in self._names:
            self._name_heads[name[0]] = max(self._name_heads.get(name[0], 1), len(name))
        self._name_words = frozenset(w for name in self._names for w in name)
        self._heads = Heads.build(knowledge, language, self._names_by_entity)
        self._cue_terms = {kind: frozenset(t for cue in cues for t in language.terms(cue))
                           for kind, cues in language.answer_types.items()}
        self._type_cues = frozenset().union(*self._cue_terms.values())

    def names_of(self, entities: frozenset[str]) -> frozenset[str]:
        """Every term of every name of these entities."""
        return frozenset().union(*(self.alias_terms.get(e, ()) for e in entities))

    def read(self, text: str) -> Question:
        """Words, corrected terms, named entities, numbers and the answer type of a question."""
        lang = self.language
        words = lang.without_chatter([self._correct_word(w) for w in lang.words(text)])
        words = self._heads.named(words, self._name_spans(words))  # "who runs Acme" -> "who is Jane Doe"
        terms: list[str] = []
        unknown: list[str] = []
        soft: dict[str, float] = {}
        others: dict[str, tuple[tuple[str, float], ...]] = {}
        cues = self._type_cues
        for term in lang.terms_of_words(words):
            corrected = self._correct(term)
            if corrected is None and (term in cues or len(term) <= 2):
                continue  # "which newspaper", "what country": the kind of answer, not its content
            if corrected is None:
                near = known_related(term, self.known, canonical=self._canonical)
                if near:
                    stand_in, degree = near[0]
                    if stand_in not in terms:
                        terms.append(stand_in)
                        soft[stand_in] = degree
                        others[stand_in] = tuple((t, d) for t, d in near[1:] if t not in terms)
                    continue
                unknown.append(term)
                terms.append(term)
            elif corrected not in terms:
                terms.append(corrected)
            soft.pop(corrected, None)  # a word the article uses itself is a full match
        entities = self._heads.without_other_bodies(  # "the Labour leader" is not the Lib Dems' leader
            words, terms, self._spot_entities(frozenset(terms)), self._name_spans(words), self.aliases)
        entities, terms = self._unnamed_people(words, entities, terms)
        scene = _LEADING_CLAUSE.match(text)
        answer_type, type_noun = lang.answer_type(words[len(lang.words(scene.group())):] if scene else words)
        if type_noun is not None:  # "which newspaper": the span answers it, the sentence need not say it
            noun_terms = set(lang.terms(type_noun))
            names = self.names_of(entities)
            rest = [t for t in terms if t not in noun_terms]
            if any(t not in names for t in rest):  # "what is the capital of France" keeps "capital"
                terms = rest
        elif answer_type in ("when", "date", "where"):  # "on what date": the span is the date
            terms = [t for t in terms if t not in self._cue_terms[answer_type]]
        yes_no = bool(words) and words[0] in lang.yes_no_openers
        return Question(text=text, words=tuple(words), terms=tuple(terms), unknown=tuple(unknown),
                        soft=tuple((t, d) for t, d in soft.items() if t in terms),
                        soft_others=tuple((t, o) for t, o in others.items() if o and t in soft and t in terms),
                        entities=entities, numbers=frozenset(lang.numbers(words)), answer_type=answer_type,
                        yes_no=yes_no, counted=self._counted(words, answer_type), shape=self.shape(words))

    def shape(self, words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
        """Words with every name of an entity replaced by one mark for it.

        "what did Emmanuel Macron say" and "what did the French president say" have one shape, so
        comparing phrasings does not depend on which of an entity's names was used.
        """
        out: list[str] = []
        last = 0
        for start, end, entity in self._name_spans(words):
            out += words[last:start]
            out.append(f"@{entity}")
            last = end
        out += words[last:]
        return tuple(out)

    def _counted(self, words: list[str], answer_type: str) -> str | None:
        """What a how-many or what-kind question is about: the noun right after its cue.

        "how many countries" counts countries; "how many attended" names no noun, so nothing.
        """
        cues = {"how_many": ("how many ", "how much ", "number of "),
                "kind": ("sort of ", "kind of ", "type of ", "sorts of ", "kinds of ", "types of ")}
        joined = " ".join(words)
        for cue in cues.get(answer_type, ()):
            at = joined.find(cue)
            if at >= 0:
                following = joined[at + len(cue):].split()[:3]
                if not following or following[0].endswith("ed") or following[0] in self.language.stopwords:
                    return None
                rest = self.language.terms_of_words(following)  # "troops per country" reads as one term
                return rest[0] if rest else None
        return None

    def content_terms(self, question: Question) -> list[str]:
        """The question's terms that are not names of the entities it mentions."""
        names = self.names_of(question.entities)
        return [t for t in question.terms if t not in names]

    def _unnamed_people(self, words: list[str], entities: frozenset[str],
                        terms: list[str]) -> tuple[frozenset[str], list[str]]:
        """ "the British leader" is a person, not Britain: drop the country and the title, keep the rest.

        Only when no person in the knowledge is called that (then the alias already named them).
        """
        people = self.language.which_nouns.get("person", frozenset())
        for i, word in enumerate(words[:-1]):
            if words[i + 1] not in people:
                continue
            place_terms = set(self.language.terms(word))
            for eid in sorted(entities):
                entity = self.knowledge.entity(eid)
                if entity is not None and entity.kind == "place" and place_terms & self.alias_terms.get(eid, set()):
                    dropped = place_terms | set(self.language.terms(words[i + 1]))
                    entities, terms = entities - {eid}, [t for t in terms if t not in dropped]
        return entities, terms

    def _name_spans(self, words: list[str] | tuple[str, ...]) -> list[NameSpan]:
        """Where the entities' names stand in the words: (start, end, entity), the longest name first."""
        out: list[NameSpan] = []
        heads = self._name_heads
        i = 0
        while i < len(words):
            if words[i] in heads:  # most words start no name: the common case is the else
                for n in range(min(heads[words[i]], len(words) - i), 0, -1):
                    entity = self._names.get(tuple(words[i:i + n]))
                    if entity is not None:
                        out.append((i, i + n, entity))
                        i += n
                        break
                else:
                    i += 1
            else:
                i += 1
        return out

    def _spot_entities(self, terms: frozenset[str]) -> frozenset[str]:
        """Entities whose alias terms all occur, keeping only the most specific reading.

        "the senior government source" names the senior source, not every entity called "source".
        """
        hits: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for term in terms:
            for eid, rank, alias in self._aliases_by_term.get(term, ()):
                if alias <= terms:
                    hits.setdefault(eid, []).append((rank, alias))
        # the longest alias found, the first in the entity's own order among equals
        spotted = {eid: max(sorted(found, key=lambda hit: hit[0]), key=lambda hit: len(hit[1]))[1]
                   for eid, found in hits.items()}
        return frozenset(eid for eid, hit in spotted.items()
                         if not any(hit < other or (hit == other and oid != eid) for oid, other in spotted.items()))

    def _correct_word(self, word: str) -> str:
        """A misspelt word replaced by the word it was meant to be ("soliders", "waht"); each word's
        reading remembered, as most words of a question were in an earlier one."""
        corrected = self._corrections.get(word)
        if corrected is None:
            if len(self._corrections) >= WORDS_REMEMBERED:
                self._corrections.clear()
            corrected = self._corrections[word] = self._possessive(word) or (
                word if word in self.language.stopwords or stem(word) in self.known else self._speller.correct(word))
        return corrected

    def _possessive(self, word: str) -> str | None:
        """The name in a possessive typed without its apostrophe ("calloways ceo", "vargas debut"), as
        "calloway's" reads: a name's word and an "s", not a word of the article nor a common one."""
        name = word[:-1]
        if word.endswith("s") and name in self._name_words and word not in self._words \
                and self._speller.frequencies.get(word, 0.0) < REAL_WORD:
            return name
        return None

    def _correct(self, term: str) -> str | None:
        """The vocabulary term a question term stands for; None if the article never uses it."""
        if term in self.known or term.isdigit():
            return term
        if len(term) < 4:
            return term if term in self._synonym_targets else None
        return self._relative(term)

    def _relative(self, term: str) -> str | None:
        """The article's term of the same word family ("discovered" for "discovery"), if one.

        The stemmer folds inflections only; a suffix that makes a new word of the same root
        ("-ly", "-y", "-ion") is folded here, and only towards a word the article uses.
        """
        for suffix in self.language.derivational_suffixes:
            longer = term + suffix
            if longer in self.known:
                return longer
            base = term.removesuffix(suffix)
            if base != term and len(base) >= MIN_ROOT and base in self.known:
                return base
        return None
