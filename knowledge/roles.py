"""Roles the text puts beside a person's name, from the generic shapes of news English.

After the name: "Jane Doe, director of the Institute of X, said", "Carl Ray, from the IFS,", "Ann Lee,
34, from Leeds,", "Ann Lee (Labour)", "Ann Lee, prosecuting,", "Ann Lee, who lives next door,".
Before it: "Acme boss John Smith", "health minister X", "his lawyer Ann Lee", "the Institute's head of
policy, Raj Patel".  The words that make a phrase a role are data (roles in ``lexicon.yaml``, person
nouns in ``people.yaml``), never an article's own words.

Each apposition after a name is also kept as a span, so that in "Jane Doe, director of the Institute
of X, said" the speaker is Jane Doe and not the Institute that the apposition names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.entities import Draft, Reference
from knowledge.lexicon import Lexicon
from knowledge.model import Sentence
from knowledge.people import PeopleWords, load_people_words

__all__ = ["Apposition", "find_roles"]

MAX_DESCRIPTION = 80  # a relative clause longer than this is a story, not a description of who they are


@dataclass(frozen=True, slots=True)
class Apposition:
    """A phrase after a person's name that describes them; ``start``..``end`` run from the comma or
    bracket after the name to the end of the phrase (relative clauses after it included)."""

    ref: Reference
    start: int
    end: int
    role: str


_WORD = re.compile(r"[\w’'-]+")
_SEGMENT = re.compile(r"\s*(?P<phrase>[^,;:()“”\"]{1,100}?)\s*(?=,|;|:|\.(?:\s|$)|$)")
_RELATIVE = re.compile(r",\s+(?:who|which|whose|where)\b[^,;:“”\"]{1,100}?(?=,|;|\.(?:\s|$)|$)")
_BRACKETED = re.compile(r"\s*\((?P<phrase>[^()]{2,60})\)")
_NAME_INSIDE = re.compile(r"(?<=[a-z,] )[A-Z][\w’'&-]*")
_AGE = re.compile(r"\d{1,3}")
_AFFILIATION = re.compile(r"(?:from|of|at|for)\s+(?:the\s+)?[A-Z]")
_DETERMINER = re.compile(r"(?i:the|a|an|his|her|their|its|our)\s+")
_DETERMINED = re.compile(r"(?:^|(?<=[\s(]))(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[A-Z][\w’'&-]*[’']s)\s")
_BEFORE_COMMA = re.compile(r"(?P<np>[\w’'&-]+\s+(?:[\w’'&-]+\s+){0,4}?[\w-]+)(?P<sep>,\s+|\s+)")
_OPENING_NOUN = re.compile(r"[\s“‘\"'(]*(?P<noun>[A-Z][a-z]+)\s+")
_WHOSE = re.compile(r"(?P<owner>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}),\s+whose\s+"
                    r"(?P<title>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s+$")
_BEFORE_TITLE = re.compile(r"(?P<np>(?:[A-Z][\w’'&-]*\s+){0,3}(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s+$")


def find_roles(text: str, sentences: tuple[Sentence, ...], refs: list[Reference], drafts: dict[str, Draft],
               lexicon: Lexicon, people: PeopleWords | None = None) -> list[Apposition]:
    """Give each named person the role the text puts beside a mention; return the appositions after names."""
    people = people or load_people_words()
    names = frozenset(_NAME_INSIDE.findall(text))  # capitalised mid-sentence: a name, not a sentence opener
    persons = frozenset(r.text for r in refs if r.kind == "name" and _kind_of(drafts, r) == "person")
    bodies = frozenset(d.name for d in drafts.values() if d.kind in ("organisation", "group"))
    appositions: list[Apposition] = []
    for ref in refs:
        person = drafts.get(ref.entity)
        if person is None or person.kind != "person" or ref.kind != "name":
            continue
        sentence = sentences[ref.sentence]
        after = _after(text, sentence, ref, lexicon, people, bodies)
        if after is not None:
            appositions.append(after)
        for role in (_before(text, sentence, ref, lexicon, people, names, persons), after.role if after is not None else ""):
            if role:
                _give(person, role, lexicon)
    return appositions


def _give(person: Draft, role: str, lexicon: Lexicon) -> None:
    """The first full description wins.  A bare title ("leader") or an age gives way to a fuller one,
    and a title takes the body it is of: "Detective Sergeant" + "of X" -> "Detective Sergeant of X"."""
    current = person.role.casefold()
    if not current or _AGE.fullmatch(current) or (current in lexicon.roles and current in role.casefold()) \
            or current == role.casefold():
        person.role = role
    elif current in lexicon.roles and _AFFILIATION.match(role) and not role.startswith("from"):
        person.role = f"{person.role} {role}"


def _after(text: str, sentence: Sentence, ref: Reference, lexicon: Lexicon, people: PeopleWords,
           bodies: frozenset[str] = frozenset()) -> Apposition | None:
    rest = text[ref.end : sentence.end]
    bracket = _BRACKETED.match(rest)
    if bracket:
        phrase = bracket.group("phrase").strip()
        initials = "".join(c for c in ref.text if c.isupper())
        if phrase.isupper() and phrase.replace(".", "") == initials or re.match(r"(?:or|and)\s", phrase):
            return None  # "Transfer Mode (TM)", "LambdaRail (LR)": the name's initials; "(or the deputy)": another
        # "Ann Lee (Labour)", "(SNP)", "(Westfield Residents)": a party or a body, not another name ("De Búrca (Burke)")
        party = re.fullmatch(r"[A-Z][\w’'&-]*(?:\s+[A-Z][\w’'&-]*){0,2}", phrase) and (
            phrase in lexicon.party_names or phrase in bodies or phrase.isupper())
        role = phrase if _describes(phrase, lexicon, people) or _AFFILIATION.match(phrase) or party else ""
        return Apposition(ref, ref.end, ref.end + bracket.end(), role) if role else None
    if not rest.startswith(","):
        return None
    first = _SEGMENT.match(rest, 1)
    if first is None:
        return None
    phrase = first.group("phrase")
    end = first.end()
    if _AGE.fullmatch(phrase):  # "Ann Lee, 34, from Leeds," / "Ann Lee, 84, who spent ..."
        more = _SEGMENT.match(rest, end + 1)
        if more is not None and _AFFILIATION.match(more.group("phrase")) or (
                more is not None and more.group("phrase").startswith("who ")):
            phrase, end = rest[2 : more.end()].strip(), more.end()
        role = phrase if len(phrase) <= MAX_DESCRIPTION else phrase.split(",")[0]
    elif phrase.startswith("who "):
        role = phrase if len(phrase) <= MAX_DESCRIPTION and not _anonymous(phrase) else ""
    elif phrase.casefold() in people.court_roles or _AFFILIATION.match(phrase):
        role = phrase
    elif _describes(phrase, lexicon, people):
        role = phrase
    else:
        return None
    while (relative := _RELATIVE.match(rest, end)) is not None:
        end = relative.end()  # "Ann Lee, a fund manager at X, which owns 6% of Y, said"
    return Apposition(ref, ref.end, ref.end + end, role)


def _anonymous(phrase: str) -> bool:
    return "not to be named" in phrase or "anonymity" in phrase


def _describes(phrase: str, lexicon: Lexicon, people: PeopleWords) -> bool:
    """Whether a noun phrase names a role: a person noun or title before any "of/at/for" that follows."""
    words = [w.casefold() for w in _WORD.findall(phrase)]
    if not words or len(words) > 14 or words[0] in lexicon.verb_gap_words:
        return False
    if any(w in lexicon.speech_verbs or w in lexicon.verb_gap_words for w in words):
        return False
    head = []
    for w in words:
        if w in ("of", "at", "for", "from", "in", "with", "and", "on") and head:
            break
        head.append(w)
    return any(_is_person_noun(w, lexicon, people) for w in head) or _holds_role(" ".join(head), lexicon)


def _is_person_noun(word: str, lexicon: Lexicon, people: PeopleWords) -> bool:
    return word in people.person_nouns or word in lexicon.roles or word.endswith("-year-old")


def _holds_role(phrase: str, lexicon: Lexicon) -> bool:
    return any(phrase == r or phrase.endswith(" " + r) for r in lexicon.roles)


def _kind_of(drafts: dict[str, Draft], ref: Reference) -> str:
    """The kind of the entity a reference names."""
    draft = drafts.get(ref.entity)
    return draft.kind if draft is not None else ""


def _before(text: str, sentence: Sentence, ref: Reference, lexicon: Lexicon, people: PeopleWords,
            names: frozenset[str], persons: frozenset[str] = frozenset()) -> str:
    """A role just before the name: "his lawyer Ann Lee", "the Institute's head of policy, Raj Patel",
    "Acme boss John Smith", "health minister X"."""
    before = text[sentence.start : ref.start]
    owned = _WHOSE.search(before)
    if owned is not None and owned.group("owner") in persons and _is_person_noun(
            owned.group("title").split()[-1].casefold(), lexicon, people):
        return f"{owned.group('owner')}’s {owned.group('title')}"  # "Ann Hill, whose son Mark Hill": her son
    if re.search(r",\s+whose\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*\s+$", before):
        return ""  # whose it is the text does not say by a person's name: "whose elder brother" is no role
    for start in reversed([m.start() for m in _DETERMINED.finditer(before)]):  # the nearest first
        m = _BEFORE_COMMA.fullmatch(before, start)
        if m is None:
            continue
        np = m.group("np")
        words = [w.casefold() for w in _WORD.findall(np)]
        head = words[: words.index("of")] if "of" in words[1:] else words  # "the Institute's head of policy"
        if head and _is_person_noun(head[-1], lexicon, people) and not any(
                w in lexicon.speech_verbs or w in lexicon.verb_gap_words for w in words):
            if re.match(r"[Tt]he\s", np):
                return np[4:]  # a role is kept without its article, as the text's titles are ("the striker X")
            return np[:1].lower() + np[1:] if _DETERMINER.match(np) else np
        break
    opening = _OPENING_NOUN.fullmatch(before)
    if opening and _is_person_noun(opening.group("noun").casefold(), lexicon, people):
        return opening.group("noun").casefold()  # "Builder Ian Cole, 45, was jailed"
    m = _BEFORE_TITLE.search(before)
    if m is None:
        return ""
    words = m.group("np").split()
    if not _is_person_noun(words[-1].casefold(), lexicon, people):
        return ""
    keep: list[str] = []
    for word in reversed(words):  # back from the title over its modifiers and the body it belongs to
        folded = word.casefold()
        if folded in lexicon.sentence_starters or folded in lexicon.verb_gap_words or folded in lexicon.speech_verbs \
                or folded in lexicon.stance_verbs or folded in lexicon.action_verbs or (
                word.islower() and word.endswith(("ly", "ed"))):
            break
        if keep and word[:1].islower() and keep[0][:1].isupper():
            break  # "said Acme boss": a lower-case word before the body ends the title
        keep.insert(0, word)
    if not keep:
        return ""
    if len(keep) == 1 and keep[0].casefold() not in lexicon.roles:
        return ""  # a lone noun before a name ("striker X") is a description the determiner form gives
    lowered = keep[0][:1].lower() + keep[0][1:]
    if keep[0] not in names and (" ".join(keep).casefold() in lexicon.roles or re.search(rf"\b{re.escape(lowered)}\b", text)):
        keep[0] = lowered  # "Health minister X" opening a sentence; "Acme boss X" keeps its capital
    return " ".join(keep)
