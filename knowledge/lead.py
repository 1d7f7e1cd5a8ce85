"""Who the lead describes: news often opens without names and names its people in the next sentence.

"A landlord who attacked his tenant with a hammer has been found guilty ..." then "Graham Pellow, 52,
struck Nathan Reyes ...": the landlord is the person the next sentence opens with, and the tenant the
other person it names.  Only that shape is read: a lead that names no person and opens with "A/An/The
<person noun>", and a next sentence (within two) that opens with a named person.  The nouns are the
person nouns of ``people.yaml``; a noun that says nothing of who they are ("man", "woman") gives no role.
"""

from __future__ import annotations

import re

from knowledge.entities import Draft, Reference
from knowledge.lexicon import Lexicon
from knowledge.model import Sentence
from knowledge.people import load_people_words

__all__ = ["lead_roles"]

_DESCRIBED = [re.compile(rf"(?:An?|The)\s+(?P<mods>(?:[a-z0-9][\w’'-]*\s+){{{k}}})(?P<noun>[a-z][\w-]*)\b") for k in range(3)]
_DOES_TO = re.compile(r"\s+who\s+(?:had\s+|has\s+)?[a-z]+\s+(?P<owner>his|her|their)\s+(?P<noun>[a-z][\w-]*)\b")
_PLAIN = frozenset({"man", "woman", "person", "boy", "girl", "men", "women", "people", "child", "pensioner"})
_WEAK_ROLE = re.compile(r"(?:\d{1,3}|of\s|from\s)")  # an age or an address says less than the lead's noun
NAMING_WINDOW = 2  # how many sentences after the lead may name its people


def lead_roles(sentences: tuple[Sentence, ...], refs: list[Reference], drafts: dict[str, Draft],
               lexicon: Lexicon) -> list[Reference]:
    """Roles from the lead for the people the next sentence names, and references for the lead's
    descriptions ("A landlord", "his tenant"); [] when the article does not open that way."""
    body = [s for s in sentences if s.paragraph > 0]
    if len(body) < 2:
        return []
    lead = body[0]
    people = {d for d, draft in drafts.items() if draft.kind == "person"}
    if any(r.sentence == lead.index and r.entity in people for r in refs):
        return []
    nouns = load_people_words().person_nouns | set(lexicon.roles)
    subject = next((m for pattern in _DESCRIBED if (m := pattern.match(lead.text)) and m.group("noun") in nouns), None)
    if subject is None:  # "A former nurse who ...", "The 34-year-old landlord"
        return []
    done_to = _DOES_TO.match(lead.text, subject.end())
    if done_to is not None and done_to.group("noun") not in nouns:
        done_to = None
    named = _naming_sentence(body[1 : 1 + NAMING_WINDOW], refs, people)
    if named is None:
        return []
    doer, others = named
    added: list[Reference] = []
    if subject.group("noun") not in _PLAIN:
        _give(drafts[doer.entity], (subject.group("mods") + subject.group("noun")).strip())
    added.append(_reference(lead, subject.start(), subject.end(), doer.entity))
    if done_to is not None and others:
        victim = drafts[others[0].entity]
        if done_to.group("noun") not in _PLAIN:
            _give(victim, done_to.group("noun"))  # "his tenant": the tenant, not a name inside another's role
        added.append(_reference(lead, done_to.start("owner"), done_to.end("noun"), victim.id))
    return added


def _naming_sentence(candidates: list[Sentence], refs: list[Reference],
                     people: set[str]) -> tuple[Reference, list[Reference]] | None:
    """The first sentence that opens with a named person: that person, and the other people it names."""
    for sentence in candidates:
        named = sorted((r for r in refs if r.sentence == sentence.index and r.entity in people and r.kind == "name"),
                       key=lambda r: r.start)
        if named and named[0].start == sentence.start:
            return named[0], [r for r in named[1:] if r.entity != named[0].entity]
    return None


def _give(person: Draft, role: str) -> None:
    if not person.role or _WEAK_ROLE.match(person.role):
        person.role = role


def _reference(sentence: Sentence, start: int, end: int, entity: str) -> Reference:
    return Reference(sentence.index, sentence.start + start, sentence.start + end, sentence.text[start:end], entity,
                     "role")
