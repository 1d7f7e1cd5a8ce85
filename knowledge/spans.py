"""Typed answer spans: the who / when / where / how-many / why phrases each sentence offers.

Found once, when the knowledge is built, and stored with it, so the engine does no extraction at
start-up.  A "who" question matched to a sentence is answered by the person or organisation in it
that the question does not already name; if the sentence offers no span of the asked type, the
article does not answer that question ("Where will the chiefs meet on Thursday?" -- the sentence
has a day, not a place).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from itertools import accumulate
from typing import Any

from knowledge.lexicon import load_lexicon, read_vocabulary
from knowledge.model import Knowledge, TypedSpan
from knowledge.words import stem

__all__ = ["extract_spans"]

_CURRENCY = "€£$¥₹"
KIND_SALIENCE = 0.02  # per further use of a describing word, up to three
# quotation marks leave a label; an apostrophe inside a word stays ("Pellow’s home", "don’t")
_QUOTE_MARKS = re.compile(r"[“”\"]|[‘’'](?!(?<=\w[‘’'])\w)")
# a when-phrase that is a noun phrase ("after the attack", not "after he left") ends where the next
# phrase begins: a preposition, a verb of the sentence, another clause ("after the attack in a drain")
_NOUN_PHRASE_OPENER = re.compile(r"\s+(?:the|a|an|his|her|its|their|our|this|that|last|next)\s", re.IGNORECASE)
_NOUN_PHRASE_END = re.compile(r"\s+(?:in|at|near|on|into|inside|outside|from|with|by|has|have|had|was|were|is|are|"
                              r"will|would|could|can|after|before|until|when|once|while|and|but|said|says)\b",
                              re.IGNORECASE)
# "has since had two operations": a "since" or "as" right before a verb says when, not why
# "as a teenager", "as the first Administrator": "as" before a noun phrase says in what role, not why
_NOT_A_REASON = re.compile(r"^(?:since|as)\s+(?:had|has|have|been|was|were|is|are|then|well|much|many|\w+ed)\b"
                           r"|^as\s+(?:a|an|the|his|her|their|its)\s+(?!result\b|consequence\b)",
                           re.IGNORECASE)
# "two days after the attack": how long before or after belongs to the when-phrase
_OFFSET = r"(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|a few|few)\s+" \
          r"(?:minutes?|hours?|days?|weeks?|months?|years?)\s+)?"
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*")


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    data = read_vocabulary()
    return {**data, "modifier_endings": tuple(data["modifier_endings"]),
            "not_when_clauses": tuple(data["not_when_clauses"]),
            "stopwords": frozenset(str(w).lower() for w in data["stopwords"]),
            "months": frozenset(str(m).lower() for m in (*data["months"], *data["month_abbreviations"])),
            "irregular_forms": {str(k).lower(): str(v).lower() for k, v in data["irregular_forms"].items()}}


def _words(text: str, vocabulary: dict[str, Any]) -> list[str]:
    """Lower-case words with irregular forms as their base ("ran" -> "run"), number words as digits."""
    words = [vocabulary["irregular_forms"].get(w, w) for w in _WORD.findall(text.lower().replace("’", "'"))]
    return [str(vocabulary["number_words"][w]) if w in vocabulary["number_words"] else w for w in words]


@lru_cache(maxsize=20_000)
def _content(word: str) -> bool:
    """Whether a word carries content: neither it nor its stem is a stopword (asked once per word)."""
    vocabulary = _vocabulary()
    stopwords = vocabulary["stopwords"]
    return any(w not in stopwords and stem(w) not in stopwords for w in _words(word, vocabulary))


def _is_calendar_date(phrase: str, vocabulary: dict[str, Any]) -> bool:
    """Whether a time phrase names a calendar date (a month or a number), not "on Thursday"."""
    return any(w.isdigit() or w in vocabulary["months"] for w in _words(phrase, vocabulary))


def _alternatives(words) -> str:
    return "|".join(map(re.escape, words))


def _opener(phrase: str) -> str:
    """A when-phrase from its clause word on ("after the attack" of "two days after the attack")."""
    return re.sub(rf"^{_OFFSET}", "", phrase, flags=re.IGNORECASE)


def _noun_phrase_cut(phrase: str) -> str:
    """A when-phrase that is a noun phrase, cut where the next phrase begins; a clause is kept whole."""
    rest = _opener(phrase)
    opener_end = len(phrase) - len(rest) + len(rest.split()[0])
    if not _NOUN_PHRASE_OPENER.match(phrase, opener_end):
        return phrase
    end = _NOUN_PHRASE_END.search(phrase, opener_end + 1)
    return phrase[:end.start()] if end else phrase


def extract_spans(knowledge: Knowledge) -> tuple[TypedSpan, ...]:
    """Typed spans for every sentence, from the knowledge's entities and facts."""
    vocabulary = _vocabulary()
    spans: dict[int, list[TypedSpan]] = {s.index: [] for s in knowledge.sentences}
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
            k = bisect_right(quote_starts, at)  # quoted: some quote starting at or before ``at`` reaches past it
            quoted = k > 0 and quote_reach[k - 1] > at
            label = " ".join(_QUOTE_MARKS.sub("", label).split())
            spans[sentence_index].append(TypedSpan(sentence_index, kind, at, at + len(phrase), label, entity, quoted,
                                                   salience))

    quoted_regions = []
    for fact in knowledge.facts:
        if fact.kind == "quote" and fact.content:
            at = text.find(fact.content, fact.quote.start, fact.quote.end)
            if at >= 0:
                quoted_regions.append((at, at + len(fact.content)))
    quoted_regions.sort()
    quote_starts = [first for first, _ in quoted_regions]
    quote_reach = list(accumulate((last for _, last in quoted_regions), max))  # the furthest end so far

    prepositions = _alternatives(sorted(vocabulary["locative_prepositions"]))
    location_nouns = _alternatives(vocabulary["location_nouns"])
    locative = re.compile(rf"\b(?:{prepositions})\s+(?:the\s+)?$", re.IGNORECASE)
    # "near Pellow’s home", "at the club’s training ground in Leeds": a possessive is part of the place
    # ... and a thing it is in, at or under, before it: "in a drain near Pellow’s home"
    location = re.compile(rf"(?:\b(?:in|at|inside|into|under|on)\s+(?:a|an|the)\s+[a-z][\w-]*\s+(?=(?:near|outside)\s))?"
                          rf"\b(?:{prepositions})\s+(?:the\s+|a\s+)?(?:[\w-]+(?:[’']s)?\s+){{0,2}}?"
                          rf"(?:{location_nouns})\b(?:\s+(?:in|of|near)\s+[A-Z][\w-]+"
                          rf"(?:[’']s\s+(?:[a-z-]+\s+)?(?:{location_nouns})\b)?)?")

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
            if _is_calendar_date(fact.time, vocabulary):
                add(fact.sentence, "date", fact.time, fact.time)
        if fact.kind == "number" and fact.value:
            money = fact.value[:1] in _CURRENCY or fact.counts == "money"
            counted = f"{fact.value} {fact.counts}".strip()
            # what it counts, in the article's words: "10,000 troops", never "10,000 peacekeeping force"
            written = counted.lower() in knowledge.sentences[fact.sentence].text.lower()
            if not fact.value.endswith("-year-old"):  # an age says how old someone is, it counts no years
                add(fact.sentence, "how_many", fact.value, counted if written and not money else fact.value)
        if fact.venue:
            add(fact.sentence, "who", fact.venue, fact.venue)
    when_clauses = _alternatives(vocabulary["when_clauses"])
    clause = r"(?:[^,;:.“”\"]|\.(?=\w)){4,}"  # to the clause's end: a why or when answer is never cut mid-clause
    when_clause = re.compile(rf"\b{_OFFSET}(?:{when_clauses})\s+{clause}"
                             r"|\bshould\s+(?:a|an|the)\s+[\w-]+(?:\s+[\w-]+)?\s+be\s+\w+", re.IGNORECASE)
    reasons = _alternatives(sorted(vocabulary["reason_clauses"], key=len, reverse=True))
    reason = re.compile(rf"\b(?:{reasons})\s+{clause}", re.IGNORECASE)
    cause = re.compile(rf"after\s+(?:a|an|the|his|her|their|its)?\s*(?:[\w-]+\s+)?(?:{_alternatives(vocabulary['cause_nouns'])})\b",
                       re.IGNORECASE)
    vague_amounts = _alternatives(vocabulary["vague_amounts"])
    vague = re.compile(rf"\b(?:{vague_amounts})[”’\"']?\s+(?:[\w-]+\s+){{0,2}}?[\w-]+",
                       re.IGNORECASE)
    speech = load_lexicon().speech_verbs  # "Macron added" is a speaker and a verb, not a kind of thing
    article_words = Counter(_words(knowledge.text, vocabulary))
    described = re.compile(r"(?=\b([A-Za-z][\w-]+)\s+([a-z][a-z-]+)\b)")
    for sentence in knowledge.sentences:
        for match in described.finditer(sentence.text):
            modifier = match.group(1)
            if modifier[0].isupper() and match.start() == 0 or not _content(modifier) \
                    or not _content(match.group(2)) or match.group(2) in speech \
                    or not (modifier[0].isupper() or modifier.lower().endswith(vocabulary["modifier_endings"])):
                continue
            phrase = sentence.text[match.start(1):match.end(2)]
            # "what sort of troops?": the describing word the article keeps using is the likelier answer
            uses = article_words[modifier.lower()]
            add(sentence.index, "kind", phrase, phrase, None, sentence.start + match.start(1),
                min(uses - 1, 3) * KIND_SALIENCE)
        for pattern, kind in ((location, "where"), (when_clause, "when"), (vague, "how_many"), (reason, "why")):
            for match in pattern.finditer(sentence.text):
                phrase = match.group().strip()
                if kind == "when" and _opener(phrase).lower().startswith(vocabulary["not_when_clauses"]):
                    continue
                if kind == "why" and _NOT_A_REASON.match(phrase):
                    continue
                typed = kind
                if kind == "when":
                    phrase = _noun_phrase_cut(phrase)
                    typed = "why" if cause.match(phrase) else kind  # "after a row over rent": a cause, no time
                add(sentence.index, typed, phrase, phrase, None, sentence.start + match.start())
    return tuple(span for sentence in knowledge.sentences
                 for span in sorted(spans[sentence.index], key=lambda s: s.start))
