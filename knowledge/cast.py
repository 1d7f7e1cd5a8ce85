"""Who's who and who said what: the people and organisations that matter, and their direct quotes.

An entity matters when the article gives it a role, something to say or do, or mentions it in several
sentences; a name with none of these is left out.  Its line says its role as the article gives it (the
model's role) and, in a few words of the article, what it said or did, or, for one who says and does
nothing ("Vladimir Putin"), what the article says others did about it.  Quotes are the words inside the quotation marks, verbatim, one entry per
quotation, a few quoted words inside a longer quotation of the same speaker left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.identity import owned_role, role_shown, surely_a_person
from knowledge.lexicon import load_lexicon, verb_forms
from knowledge.model import SPEECH_KINDS, Entity, Fact, Knowledge, Quote
from knowledge.shortening import shorten

__all__ = ["CastMember", "SpokenQuote", "cast", "direct_quotes", "display_name"]

CAST_KINDS = ("person", "organisation", "group", "source")
MENTIONS_THAT_MATTER = 2  # sentences naming an entity that has no role and says nothing, for it to be listed
SAID_CHARS = 110  # "what they said in a few words": longer statements are shortened, whole pieces at a time
# Which statement stands for an entity's position, best first.
_STATEMENT_ORDER = ("indirect", "stance", "claim", "quote", "action")
# Which statement of someone else best says what the article says about an entity.
_ABOUT_ORDER = ("stance", "action", "indirect", "claim")
# Words a clause never ends on: "had never sold data for money and", "was beaten by".
_DANGLING = frozenset("and or but nor the a an to of in on at by for with from as that which who".split())
# Words of a verb group before the verb itself: "has not yet said", "would later say".
_AUXILIARIES = frozenset("has have had not never yet also did does do would will could is was were are been "
                         "later previously repeatedly once again already then".split())


@dataclass(frozen=True, slots=True)
class CastMember:
    """One line of /who.  ``said`` is its position in a few words: what it said or did ("urged Putin to
    engage"), or, for one that says and does nothing, what the article says another did about it, naming
    that other ("Sir Keir Starmer urged Putin to engage"); ``quote`` is the sentence it comes from."""

    name: str
    kind: str
    role: str
    said: str
    quote: Quote | None

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "kind": self.kind, "role": self.role, "said": self.said,
                "quote": self.quote.text if self.quote else ""}


@dataclass(frozen=True, slots=True)
class SpokenQuote:
    """One direct quotation and who said it ("" when the article does not say)."""

    speaker: str
    quote: Quote

    def to_json(self) -> dict[str, str]:
        return {"speaker": self.speaker, "quote": self.quote.text}


def cast(knowledge: Knowledge) -> tuple[CastMember, ...]:
    """The people and organisations that matter, in the order the article first mentions them."""
    members: list[tuple[int, CastMember]] = []
    for entity in knowledge.entities:
        if entity.kind not in CAST_KINDS and not _takes_a_side(entity, knowledge):
            continue
        statement, said = _position(entity, knowledge)
        about, about_quote = ("", None) if said else _said_about(entity, knowledge)
        if not (said or about):
            about, about_quote = _relative_about(entity, knowledge)
        # a person's role the article never sets beside the name nor calls them by is a misreading
        # ("Albert Einstein, general" from "the general theory"), and so is the "role" of a name only
        # guessed to be someone's ("Assembly Hall, General"): left out
        shown = entity.kind != "person" or surely_a_person(entity, knowledge) and role_shown(entity, knowledge)
        role = owned_role(entity, knowledge.entities) if shown else ""
        if not (role or said or (about and len(entity.mentions) >= MENTIONS_THAT_MATTER)):
            continue
        first = entity.mentions[0] if entity.mentions else len(knowledge.sentences)
        members.append((first, CastMember(name=display_name(entity), kind=entity.kind, role=role,
                                          said=said or about, quote=statement.quote if statement else about_quote)))
    members.sort(key=lambda m: m[0])
    return tuple(m for _, m in members)


def _takes_a_side(entity: Entity, knowledge: Knowledge) -> bool:
    """A place that says something or takes a stance acts as a state ("the Kremlin has rejected ...",
    "Kyiv agreed to a ceasefire"): one of the sides of the story, listed with the people."""
    return entity.kind == "place" and any(f.subject == entity.id and f.kind in (*SPEECH_KINDS, "stance")
                                          for f in knowledge.facts)


def _position(entity: Entity, knowledge: Knowledge) -> tuple[Fact | None, str]:
    """The entity's own statement that best gives its position, and its few words; (None, "") when it
    neither says nor does anything that reads as a clause."""
    facts = sorted((f for f in knowledge.facts if f.subject == entity.id and f.kind in _STATEMENT_ORDER),
                   key=lambda f: (_STATEMENT_ORDER.index(f.kind), f.sentence))
    for fact in facts:
        said = _few_words(fact)
        if fact.kind in SPEECH_KINDS:
            return fact, said
        if entity.name.lower() not in said.lower() and _reads_as_clause(said) and not _object_before(entity, fact):
            return fact, said  # not "deployed by the coalition": a passive about it, not what it did
    return None, ""


_PREPOSITIONS = frozenset({"to", "of", "in", "at", "for", "with", "from", "on", "into", "against", "over", "under"})
_BEFORE_A_NAME = frozenset({"the", "a", "an", "his", "her", "its", "their"})


def _object_before(entity: Entity, fact: Fact) -> bool:
    """Whether the name right before the deed is the object of a preposition ("those who had sworn the
    oath to His Britannic Majesty, were expelled"): the deed is someone else's, whatever the extraction
    resolved."""
    text = fact.quote.text
    at = text.find(fact.content) if fact.content else -1
    names = [n for n in (entity.name, *entity.aliases) if n[:1].isupper()]
    found = [m for n in names for m in re.finditer(rf"\b{re.escape(n)}\b", text[:max(at, 0)])]
    if at <= 0 or not found:
        return False
    last = max(found, key=lambda m: m.end())
    before = re.findall(r"[\w’']+", text[:last.start()].lower())
    while before and before[-1] in _BEFORE_A_NAME:
        before.pop()
    return bool(before) and before[-1] in _PREPOSITIONS


def _said_about(entity: Entity, knowledge: Knowledge) -> tuple[str, Quote | None]:
    """What someone else did or said about the entity, naming it: "Sir Keir Starmer urged Putin to engage
    with negotiations"."""
    names = [entity.name, *entity.aliases]
    facts = sorted((f for f in knowledge.facts if f.kind in _ABOUT_ORDER and f.subject not in (None, entity.id)
                    and entity.id in f.entities), key=lambda f: (_ABOUT_ORDER.index(f.kind), f.sentence))
    for fact in facts:
        subject = knowledge.entity(fact.subject)
        said = _few_words(fact)
        if subject is None or not any(n.lower() in said.lower() for n in names) or not _reads_as_clause(said):
            continue
        return f"{display_name(subject)} {said}", fact.quote
    return "", None


def _relative_about(entity: Entity, knowledge: Knowledge) -> tuple[str, Quote | None]:
    """For a person who neither says nor does anything the extraction found, what the relative clause
    after their name (an age between allowed) says of them ("Doreen Ashworth, 84, who spent 31 hours on a
    trolley ..." -> "spent 31 hours on a trolley ..."), unless it is their role already; ("", None)
    without one."""
    if entity.kind != "person":
        return "", None
    names = sorted({n for n in (entity.name, *entity.aliases) if n[:1].isupper()}, key=len, reverse=True)
    for index in entity.mentions:
        sentence = knowledge.sentences[index]
        for name in names:
            found = re.search(rf"\b{re.escape(name)},(?:\s+\d{{1,3}},)?\s+who\s+([^,;“”]+)", sentence.text)
            if found is not None and found.group(1)[:1].islower() and found.group(1).strip().rstrip(".") not in entity.role:
                return shorten(found.group(1), SAID_CHARS).rstrip("."), Quote(sentence.text, sentence.start, sentence.end)
    return "", None


def _reads_as_clause(words: str) -> bool:
    """Whether a few words from a statement read as what someone did: a finite verb first ("urged", "has
    yet to", "will pay"), not a bare "plan but would not ...", not stopping on "and", and not a gapped
    "took 14 and the Liberal Democrats seven"."""
    tokens = re.findall(r"[\w’'-]+", words)
    if not tokens or tokens[-1].lower() in _DANGLING:
        return False
    if len(tokens) > 2 and (tokens[-1][:1].isdigit() or tokens[-1].lower() in load_lexicon().number_words) \
            and tokens[-2][:1].isupper():
        return False
    lexicon = load_lexicon()
    first = tokens[0].lower()
    base = {**lexicon.speech_verbs, **lexicon.stance_verbs, **lexicon.action_verbs}.get(first)
    return first in _AUXILIARIES or (base is not None and base != first) or first.endswith("ed")


def direct_quotes(knowledge: Knowledge) -> tuple[SpokenQuote, ...]:
    """Every direct quotation, verbatim, with its speaker, in article order."""
    quotes: list[SpokenQuote] = []
    facts = sorted((f for f in knowledge.facts if f.kind == "quote"), key=lambda f: f.quote.start)
    spans = [(f, _quoted_words(f)) for f in facts]
    for fact, span in spans:
        if span is None or any(quote.quote.text == span.text for quote in quotes):
            continue
        if any(other is not fact and o is not None and o.start <= span.start and span.end <= o.end
               and (o.start, o.end) != (span.start, span.end) for other, o in spans):
            continue  # a few words quoted again inside a longer quotation
        entity = knowledge.entity(fact.subject)
        quotes.append(SpokenQuote(speaker=display_name(entity) if entity else "", quote=span))
    return tuple(quotes)


def _quoted_words(fact: Fact) -> Quote | None:
    """The fact's quoted words as a verbatim span of the article."""
    content = fact.content.strip() or fact.quote.text.strip().strip("“”\"")
    at = fact.quote.text.find(content) if content else -1
    if at < 0:
        return None
    start = fact.quote.start + at
    return Quote(content, start, start + len(content))


def _few_words(fact: Fact) -> str:
    """What a statement says, in a few words of the article: for reported speech the sentence from
    its verb on, negation and all ("has not yet said how it will vote"), never a restatement."""
    if fact.kind == "quote":
        words = _quoted_words(fact)
        return f"“{_first_sentences(words.text, SAID_CHARS)}”" if words else ""
    text = fact.quote.text
    start = _verb_group_start(text, fact) if fact.kind in ("indirect", "claim") else -1
    said = text[start:] if start >= 0 else (fact.content or text)
    return shorten(said, SAID_CHARS).rstrip(".")


def _first_sentences(quoted: str, limit: int) -> str:
    """A long quotation's first whole sentences, verbatim, within ``limit`` characters (at least one)."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z“‘])", quoted)
    kept = sentences[0]
    for sentence in sentences[1:]:
        if len(kept) + 1 + len(sentence) > limit:
            break
        kept += " " + sentence
    return kept


def _verb_group_start(text: str, fact: Fact) -> int:
    """Where the speech verb's group starts in the sentence ("has not yet said"), or -1."""
    lexicon = load_lexicon()
    irregular = [form for form, lemma in lexicon.speech_verbs.items() if lemma == fact.verb and form != fact.verb]
    for form in verb_forms(fact.verb, irregular) if fact.verb else ():
        match = re.search(rf"\b{re.escape(form)}\b", text)
        if match is None:
            continue
        start = match.start()
        while True:
            before = re.search(r"(\w+)\s+$", text[:start])
            if before is None or before.group(1).lower() not in _AUXILIARIES:
                return start
            start = before.start()
    return -1


def display_name(entity: Entity) -> str:
    """How a line names the entity: "Graham Pellow"; an anonymous source as "A military source"."""
    name = entity.name
    if entity.kind == "source" and not name.lower().startswith(("a ", "an ", "the ")):
        name = f"{'An' if name[:1].lower() in 'aeiou' else 'A'} {name}"
    return name[:1].upper() + name[1:]
