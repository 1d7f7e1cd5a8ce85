"""Who an entity is, as far as the article shows it: whether it is surely a person, whether its role is
said beside its name, and a role owned by a pronoun ("his sister") with whose it is.

Shared by the QA pairs ("Who is X?", "Who is involved?"), the offered questions and /who, so that one
reading decides what each of them says about a name.  Generic English only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.lexicon import Lexicon, load_lexicon
from knowledge.model import SPEECH_KINDS, Entity, Knowledge

__all__ = ["opens_with_adjective", "owned_role", "owner_unsaid", "role_beside_name", "role_names_it", "role_shown", "surely_a_person"]

_REGNAL = re.compile(r"^(?:([A-Z][a-z]+)\s+)?([A-Z][a-z]+)\s(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)$")
_TITLES = frozenset("King Queen Pope Emperor Empress Duke Duchess Prince Princess Count Countess Tsar Sultan".split())


def _regnal(name: str, lexicon: Lexicon) -> bool:
    """ "Malcolm III", "Duke Richard II": one name and a regnal number, or a title, a name and one (not
    "Class II": a numbered thing)."""
    found = _REGNAL.match(name)
    if found is None or found.group(2) in lexicon.numbered_things:
        return False
    return found.group(1) is None or found.group(1) in _TITLES or found.group(1) in lexicon.honorifics
_INITIAL = re.compile(r"^[A-Z][a-z]+(?:\s+[A-Z]\.)+\s+[A-Z][a-z]+")  # "William E. Simon", "John F. Kennedy"
_COMMON_OWNER = re.compile(r"(?:[A-Z][\w-]*\s+)?[a-z][\w-]*[’']s\s")  # "council’s", "Dutch club’s"
_OWNER_PRONOUN = re.compile(r"^(?:his|her|their|its)\s+(.+)$", re.IGNORECASE)
_PERSON_PRONOUNS = re.compile(r"\b(?:he|she|him|his|her|himself|herself)\b", re.IGNORECASE)
_ADJECTIVE_ENDINGS = ("ly", "ern", "ish", "ese", "ical")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _names(entity: Entity) -> list[str]:
    return [n for n in dict.fromkeys((entity.name, *entity.aliases)) if n[:1].isupper()]


def surely_a_person(entity: Entity, knowledge: Knowledge) -> bool:
    """Whether the article makes the entity a person beyond doubt.

    By its name: a title ("Dr Owen Pryce"), a known given name ("Nathan Reyes"), a middle initial
    ("William E. Simon"), a regnal number ("Malcolm III"), an age beside it ("Graham Pellow, 52,").
    Without a known given name, by what the article does with it: its role set beside the name
    (:func:`role_beside_name`: "Helen Marsh, prosecuting", "named Simon as the first Administrator"), or
    a sentence that refers to it by "he"/"she" without naming it, or the name right before or after a
    speech verb ("Simon said", "said Okafor").  Without one of those a capitalised phrase is only guessed
    to be someone ("Assembly Hall", "National Lottery", "Law Officers")."""
    if entity.kind != "person":
        return False
    lexicon = load_lexicon()
    text = knowledge.text
    names = _names(entity)
    if any(n.split()[0].rstrip(".") in lexicon.honorifics for n in names) \
            or entity.name.split()[0] in lexicon.given_names or _regnal(entity.name, lexicon) \
            or _INITIAL.match(entity.name):
        return True
    if any(re.search(rf"\b{re.escape(n)},\s+\d{{1,3}},", text) for n in names):
        return True
    if opens_with_adjective(entity.name):
        return False  # "Early Norman", "Northern Irish": an adjective opens no one's name

    if entity.role and role_beside_name(entity, text):
        return True
    return _called_he_or_she(entity, knowledge, names) or _speaks_by_name(entity, knowledge, names)


def whole_name(name: str) -> re.Pattern[str]:
    """``name`` as a whole in a text: no word character, apostrophe or hyphen right before it, no word
    character or hyphen right after ("Acme’s" names Acme; "Macmillan" does not name Mill)."""
    return re.compile(rf"(?<![\w’'-]){re.escape(name)}(?![\w-])")


def opens_with_adjective(name: str) -> bool:
    """Whether a name opens with a word ending as an adjective does ("Early Norman", "Northern Irish"):
    a description the extraction took for a name, no one's name."""
    words = name.split()
    return bool(words) and words[0].endswith(_ADJECTIVE_ENDINGS)


def _called_he_or_she(entity: Entity, knowledge: Knowledge, names: list[str]) -> bool:
    """A sentence the extraction ties to the entity that does not name it, but says "he" or "she"."""
    for index in entity.mentions:
        sentence = knowledge.sentences[index].text
        if not any(whole_name(n).search(sentence) for n in names) \
                and _PERSON_PRONOUNS.search(sentence):
            return True
    return False


def _speaks_by_name(entity: Entity, knowledge: Knowledge, names: list[str]) -> bool:
    """The entity says something, and a sentence has its name right beside a speech verb form."""
    lexicon = load_lexicon()
    spoken = [f for f in knowledge.facts if f.subject == entity.id and f.kind in SPEECH_KINDS]
    forms = "|".join(re.escape(form) for form, base in lexicon.speech_verbs.items()
                     if " " not in form and form != base and not form.endswith("ing"))
    return any(re.search(rf"\b{re.escape(n)}\s+(?:{forms})\b|\b(?:{forms})\s+{re.escape(n)}\b", f.quote.text)
               for f in spoken for n in names)


def role_beside_name(entity: Entity, text: str, titles: bool = False) -> bool:
    """Whether the article sets the entity's role right beside one of its names: "Helen Marsh,
    prosecuting", "Graham Pellow, 52, a landlord", "Russian Foreign Secretary Sergei Lavrov", "X is the
    head", "named X as the first Administrator"; a role that is lower case or longer than one word (a
    capitalised single word may be an acronym or a piece of a longer name: "General Assembly Hall").
    With ``titles``, a capitalised one-word role also counts where it stands right before the name, as a
    title does ("King Charles III", "Judge Rebecca Thornton"): the role is then known to be right, not
    the name to be a person's."""
    role = _ARTICLE.sub("", entity.role)
    if not role:
        return False
    r = re.escape(role)
    names = [re.escape(n) for n in _names(entity) if n.lower() != role.lower()]
    if " " not in role and not role[:1].islower():
        return titles and any(re.search(rf"\b{r}\s+{n}\b", text) for n in names)
    title, of, tail = role.partition(" of ")
    if titles and of and any(re.search(rf"\b{re.escape(title)}\s+{n},?\s+of\s+{re.escape(tail)}", text) for n in names):
        return True  # "Detective Sergeant Laura Benn, of Westmoor Police"
    for n in names:
        beside = (rf"\b{n},(?:\s+\d{{1,3}},)?\s+(?:(?:the|a|an)\s+)?{r}"
                  rf"|\b{n}\s+(?:is|was|as|became)\s+(?:(?:the|a|an)\s+)?{r}"
                  rf"|{r},?\s+{n}\b")
        if re.search(beside, text, re.IGNORECASE):
            return True
    return False


def role_names_it(entity: Entity, knowledge: Knowledge) -> bool:
    """Whether a sentence the extraction ties to the entity calls it by its role as a subject or an
    apposition: "The French president told ...", "A landlord who attacked ...", "the Prime Minister
    hosted", or as someone's ("his tenant"), in a sentence that does not name it otherwise; not "the
    general theory of relativity" (the role word is a modifier there)."""
    role = _ARTICLE.sub("", entity.role)
    if not role:
        return False
    lexicon = load_lexicon()
    verbs = {**lexicon.speech_verbs, **lexicon.stance_verbs, **lexicon.action_verbs}
    called = re.compile(rf"\b(?:the|a|an|his|her|their|its)\s+{re.escape(role)}(?:(,)|\s+([a-z]+))", re.IGNORECASE)
    names = [n for n in _names(entity) if n.lower() != role.lower()]
    for index in entity.mentions:
        sentence = knowledge.sentences[index].text
        if any(whole_name(n).search(sentence) for n in names):
            continue  # named there as well: "the Lord Advocate ... the First Minister" are two people
        for found in called.finditer(sentence):
            after = (found.group(2) or "").lower()
            owner = found.group(0).split()[0].lower() in ("his", "her", "their")  # "his tenant": a person's
            if owner or found.group(1) or after in _VERB_WORDS or after.endswith("ed") \
                    or verbs.get(after, after) != after:
                return True
    return False


_VERB_WORDS = frozenset("who has had have is was will would can could may must should".split())


def role_shown(entity: Entity, knowledge: Knowledge) -> bool:
    """Whether the article gives the person its role beside a name, calls the person by it, or the role is
    a clause or an age read beside the name ("who founded Brennan", "84")."""
    role = entity.role
    return role.startswith("who ") or role[:1].isdigit() or role_beside_name(entity, knowledge.text, titles=True) \
        or role_names_it(entity, knowledge)


def owned_role(entity: Entity, entities: Iterable[Entity]) -> str:
    """The role with whose it is, when the role opens with a possessive pronoun ("his sister") and an
    alias names the owner, a person ("Graham Pellow’s sister"): the longest such alias; else the role as
    the article gives it (still "his sister" when no alias says whose), with "the" before a common noun's
    possessive ("the council’s chief executive")."""
    found = _OWNER_PRONOUN.match(entity.role)
    if found is None:
        # "council’s chief executive" (from "The council’s chief executive, Alan Pritchard,"): a thing's role
        # keeps the "the" that says which council; "Brennan’s chief executive" needs none
        return f"the {entity.role}" if _COMMON_OWNER.match(entity.role) else entity.role
    people = {n for e in entities if e.kind == "person" and e.id != entity.id for n in (e.name, *e.aliases)}
    owned = [a for a in entity.aliases if (m := re.fullmatch(rf"(.+?)[’']s\s+{re.escape(found.group(1))}", a))
             and m.group(1) in people]
    return max(owned, key=len) if owned else entity.role


def owner_unsaid(role: str) -> bool:
    """Whether a role still says "his/her/their/its ..." without whose."""
    return _OWNER_PRONOUN.match(role) is not None
