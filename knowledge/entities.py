"""Group name mentions into entities and find anonymous sources and quoted group names.

Full names are clustered first ("Dame Priya Shah"), then shorter mentions join the person they
abbreviate ("Shah", "Ms Shah", "Dame Priya"); seats of government join their country ("Downing
Street" -> United Kingdom).  The result is a list of mutable :class:`Draft` entities, which coreference
resolution enriches (roles, genders, aliases) before :func:`freeze` turns them into model Entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from knowledge.lexicon import Lexicon
from knowledge.model import Entity, Sentence
from knowledge.names import Name
from knowledge.people import load_people_words
from knowledge.quotations import Quotation

__all__ = ["Draft", "Reference", "find_entities", "freeze", "slug"]


@dataclass(frozen=True, slots=True)
class Reference:
    """A span of the article resolved to an entity; ``kind`` says how (name, role, pronoun, ...)."""

    sentence: int
    start: int
    end: int
    text: str
    entity: str
    kind: str = "name"


@dataclass(slots=True)
class Draft:
    """An entity under construction; coreference adds roles, genders and aliases."""

    id: str
    name: str
    kind: str
    words: tuple[str, ...] = ()
    honorific: str = ""
    role: str = ""
    country: str = ""
    gender: str = ""
    aliases: list[str] = field(default_factory=list)

    def add_alias(self, alias: str) -> None:
        if alias and alias not in self.aliases:
            self.aliases.append(alias)


def slug(text: str) -> str:
    """A lower-case, hyphenated id from text ("Dame Priya Shah" -> "dame-priya-shah")."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold().replace("’", "").replace("'", "")).strip("-") or "x"


def find_entities(text: str, sentences: tuple[Sentence, ...], names: list[Name], quotations: tuple[Quotation, ...],
                  lexicon: Lexicon) -> tuple[dict[str, Draft], list[Reference]]:
    """Entities and their name references, from names, anonymous sources and quoted group names."""
    drafts: dict[str, Draft] = {}
    refs: list[Reference] = []
    people = _people(names, lexicon, drafts)
    full = sorted((n.start, n.kind, n.words) for n in names
                  if len(n.words) > 1 and not n.headline and n.kind in ("person", "organisation"))
    named = {n.country for n in names if n.kind == "place" and n.country and not n.adjective}
    body_ends: dict[str, set[tuple[str, ...]]] = {}  # last word -> the bodies' names ending in it
    for _, kind, words in full:
        if kind == "organisation" and words[-2] not in lexicon.name_connectors | {"the"}:  # not "Orders of the Parliament"
            body_ends.setdefault(words[-1], set()).add(words)
    # adjectives last, and only for countries the text names: "Indian" need not mean India
    # headline names last: they only point at entities the body names ("Chipmaker X to cut jobs")
    for name in sorted(names, key=lambda n: (n.adjective, n.headline and n.kind in ("organisation", "group"))):
        if name.adjective and name.country not in named:
            continue
        entity = _short_form_of(name, full, people, drafts, lexicon, body_ends) or _entity_for(name, people, drafts, lexicon)
        if entity is not None:
            kind = "adjective" if name.adjective else "metonym" if name.metonym else "name"
            refs.append(Reference(name.sentence, name.start, name.end, name.text, entity.id, kind))
            _alias_from(text, entity, name, lexicon)
    refs += _sources(sentences, drafts, lexicon)
    refs += _speaking_bodies(sentences, drafts)
    owned = _owned_bodies(sentences, drafts, lexicon)
    refs = _named_regulators(owned, refs + owned, drafts, lexicon)
    refs += _groups(text, sentences, quotations, drafts, lexicon)
    refs.sort(key=lambda r: (r.start, -r.end))
    return drafts, _drop_nested(refs)


def freeze(drafts: dict[str, Draft], refs: list[Reference], lexicon: Lexicon | None = None) -> tuple[Entity, ...]:
    """Model entities, in order of first mention, with the sentences that refer to each.

    A short form the text always uses for someone else is not an alias ("Pellow" of Joanne Pellow when
    every bare "Pellow" or "Mr Pellow" is her brother): a question using it means the one the text means."""
    mentions: dict[str, list[int]] = {}
    meant: dict[str, set[str]] = {}  # a mention's words -> whom the text means by them
    honorifics = lexicon.honorifics if lexicon else {}
    for ref in refs:
        mentions.setdefault(ref.entity, []).append(ref.sentence)
        meant.setdefault(ref.text, set()).add(ref.entity)
        first, _, rest = ref.text.partition(" ")
        if first in honorifics and rest and " " not in rest:  # "Mr Cole" is a use of the surname "Cole"
            meant.setdefault(rest, set()).add(ref.entity)
    ordered = sorted((d for d in drafts.values() if d.id in mentions), key=lambda d: min(mentions[d.id]))
    return tuple(
        Entity(id=d.id, name=d.name, kind=d.kind, role=d.role, mentions=tuple(sorted(set(mentions[d.id]))),
               aliases=tuple(a for a in d.aliases if a == d.name or d.id in meant.get(a, {d.id})))
        for d in ordered
    )


def _people(names: list[Name], lexicon: Lexicon, drafts: dict[str, Draft]) -> list[Draft]:
    """Person drafts from the fullest name forms (two or more words), in text order."""
    people: list[Draft] = []
    for name in sorted(names, key=lambda n: (n.headline, n.start)):
        if name.kind != "person" or len(name.words) < 2 or name.headline:
            continue
        same = next((p for p in people if p.words == name.words), None)
        if same is None:
            base = slug(" ".join(_surname(name.words, lexicon))) if not _regnal(name.words[-1]) else slug(" ".join(name.words))
            pid = base if base not in drafts else slug(" ".join(name.words))
            same = Draft(pid, " ".join(name.words), "person", words=name.words)
            drafts[pid] = same
            people.append(same)
        _enrich(same, name, lexicon)
    return people


def _enrich(person: Draft, name: Name, lexicon: Lexicon) -> None:
    if name.honorific and not person.honorific:
        person.honorific = name.honorific
        if name.words == person.words:
            person.name = f"{name.honorific} {' '.join(person.words)}"
        person.gender = person.gender or lexicon.honorifics.get(name.honorific, "")
    if name.role and not person.role:
        person.role = name.role
        person.country = name.country
        person.gender = person.gender or lexicon.role_gender.get(name.role.split()[-1].casefold(), "")


def _entity_for(name: Name, people: list[Draft], drafts: dict[str, Draft], lexicon: Lexicon) -> Draft | None:
    person = _match_person(name, people, lexicon)
    if person is not None:
        _enrich(person, name, lexicon)
        return person
    if name.headline and name.kind not in ("place",):
        known = drafts.get(_body_key(" ".join(name.words), name.kind, drafts, lexicon))  # headlines only point at things the body names
        return known if known is not None and known.kind == name.kind and name.kind != "person" else None
    if name.kind == "place" and name.country:
        known = next((d for d in drafts.values() if d.kind == "place" and d.country == name.country), None)
        if known is not None:
            return known
        label = name.country if name.metonym or name.adjective else name.text
        key = slug(label)
        drafts[key] = Draft(key, label, "place", country=name.country)
        return drafts[key]
    if name.kind == "person":
        key = slug(name.words[-1])
        # "Prime Minister Wilson" is Wilson, whose role the title gives; "Mr Wilson" keeps the honorific
        shown = " ".join(((name.honorific,) if name.honorific else ()) + name.words) if name.role else name.text
        draft = drafts.setdefault(key, Draft(key, shown, "person", words=name.words))
        _enrich(draft, name, lexicon)
        return draft
    if name.kind in ("organisation", "place", "group"):
        label = " ".join(name.words)
        key = _body_key(label, name.kind, drafts, lexicon)
        party = lexicon.party_forms.get(label, ())
        shown = party[0] if party else name.text if name.text.startswith("The ") else label
        draft = drafts.setdefault(key, Draft(key, shown, name.kind))
        for form in party:
            draft.add_alias(form)  # "lib dem" asks about the Liberal Democrats however the text spells them
        return draft
    return None


def _body_key(label: str, kind: str, drafts: dict[str, Draft], lexicon: Lexicon) -> str:
    """One entity for the forms of one body's name: a party's ("Lib Dems", "Liberal Democrat"), and a name
    with and without a plural -s ("the Conservative group", "the Conservatives")."""
    party = lexicon.party_forms.get(label)
    if party:
        return slug(party[0])
    if kind in ("organisation", "group"):
        for other in (label + "s", label.removesuffix("s")):
            known = drafts.get(slug(other))
            if other != label and known is not None and known.kind == kind:
                return known.id
    if kind == "organisation":
        national = _national_form(label, drafts, lexicon)
        if national is not None:
            return national.id
    return slug(label)


def _national_form(label: str, drafts: dict[str, Draft], lexicon: Lexicon) -> Draft | None:
    """The one body this name is with or without its country before it: "Air Force" and "US Air Force",
    "UK House of Commons" and "House of Commons".  A name of one word ("Parliament") may be any country's,
    and a name two countries' bodies share is neither's."""
    first, _, rest = label.partition(" ")
    if rest.count(" ") and lexicon.country_of(first) is not None:
        known = drafts.get(slug(rest))
        return known if known is not None and known.kind == "organisation" else None
    if " " not in label:
        return None
    national = [d for d in drafts.values() if d.kind == "organisation" and d.name.endswith(" " + label)
                and lexicon.country_of(d.name[: -len(label) - 1]) is not None]
    return national[0] if len(national) == 1 else None


def _short_form_of(name: Name, full: list[tuple[int, str, tuple[str, ...]]], people: list[Draft],
                   drafts: dict[str, Draft], lexicon: Lexicon,
                   body_ends: dict[str, set[tuple[str, ...]]]) -> Draft | None:
    """The entity a one-word mention shortens: the first-introduced full name it begins or ends
    ("Calloway" after "Calloway Group", "Mateo" after "Mateo Varga", "City" after "Harbour City");
    None when that is unclear."""
    word = name.words[0] if len(name.words) == 1 else ""
    body_word = word in lexicon.place_words or word in lexicon.organisation_words
    if not word or name.honorific or name.role or (name.kind == "place" and not body_word) or name.country:
        return None
    ends = body_ends.get(word, set())
    if body_word and len(ends) == 1:  # "City" for the one body called "... City", named before or after
        label = " ".join(next(iter(ends)))
        return drafts.setdefault(slug(label), Draft(slug(label), label, "organisation"))
    if name.kind == "place":
        return None
    owners = [(start, kind, words) for start, kind, words in full
              if words[0] == word or (kind == "person" and words[-1] == word)]
    if not owners:
        return None
    _, kind, words = owners[0]
    if kind == "organisation":
        return drafts.get(slug(" ".join(words)))
    if words[-1] == word:
        return None  # a surname: the person matcher decides, knowing every full name
    same_first = {w for _, k, w in owners if k == "person" and w[0] == word}
    return next((p for p in people if p.words == words), None) if len(same_first) == 1 else None


def _surname(words: tuple[str, ...], lexicon: Lexicon) -> tuple[str, ...]:
    """The family name of a full name, particles included: "Ludwig van Beethoven" -> "van Beethoven"."""
    k = next((k for k, w in enumerate(words[:-1]) if k > 0 and w in lexicon.surname_particles), len(words) - 1)
    return words[k:]


def _regnal(word: str) -> bool:
    """A regnal number ("Charles III"): not a surname."""
    return re.fullmatch(r"[IVX]+", word) is not None


def _match_person(name: Name, people: list[Draft], lexicon: Lexicon) -> Draft | None:
    """The one person a short form names: surname ("Shah"), or honorific + first name ("Dame Priya")."""
    if len(name.words) != 1 and name.kind != "person":
        return None
    word = name.words[-1]
    if name.honorific in lexicon.first_name_honorifics:
        by_first = [p for p in people if p.words[0] == word and p.honorific == name.honorific]
        if len(by_first) == 1:
            return by_first[0]
    exact = [p for p in people if p.words == name.words]
    by_last = exact or [p for p in people if p.words[-1] == word]
    return by_last[0] if len(by_last) == 1 else None


def _alias_from(text: str, entity: Draft, name: Name, lexicon: Lexicon) -> None:
    """Aliases the text gives: the mention itself, and the usual short forms of a full name."""
    if name.adjective:
        return  # "French" is how the text describes, not a name to answer with
    if name.metonym:
        article = text[max(0, name.start - 4) : name.start].casefold() == "the "
        entity.add_alias(("the " if article else "") + name.text)
        return
    if entity.kind != "person":
        entity.add_alias(name.text.removeprefix("The ") if entity.kind == "place" else name.text)
        return
    words = entity.words
    forms = [name.text]
    if len(words) >= 2:
        surname = " ".join(_surname(words, lexicon))
        forms += [" ".join(words)] + ([surname] if not _regnal(words[-1]) else [])
        if entity.honorific in lexicon.first_name_honorifics:
            forms.append(f"{entity.honorific} {words[0]}")
        elif entity.honorific:
            forms.append(f"{entity.honorific} {surname}")
    for form in forms:
        entity.add_alias(form)


_SOURCE = (r"(?P<det>\b[Aa]n?|\b[Oo]ne|\b[Tt]wo|\b[Ss]everal|\b[Ss]ome)\s+(?P<mods>(?:[\w’'-]+\s+){{0,3}}?)(?P<head>{heads})\b"
           r"(?P<qual>\s+(?:familiar\s+with|close\s+to|at|from|in|inside|within|with\s+knowledge\s+of)\s+"
           r"(?:the\s+|a\s+)?[\w’'-]+(?:\s+(?!said\b|told\b|says\b)[a-z][\w’'-]*)?(?=\s*,|\s+(?:said|told|says|added)\b))?")
_SPEAKS_NEXT = re.compile(r"(?:\s*,\s*who\b[^,.;:]{0,60},)?\s+(?:said|says|told|added|claimed|insisted|warned|wrote)\b")


def _sources(sentences: tuple[Sentence, ...], drafts: dict[str, Draft], lexicon: Lexicon) -> list[Reference]:
    """Anonymous sources: "a senior union official", "a person familiar with the talks", and any person
    the text describes without naming who then speaks: "a former Acme engineer, who asked not to be
    named, said"."""
    people = load_people_words().person_nouns
    usual = re.compile(_SOURCE.format(heads=_alternatives(lexicon.source_heads)))
    speaking = re.compile(_SOURCE.format(heads=_alternatives(people - lexicon.source_heads)))
    refs: list[Reference] = []
    for sentence in sentences[1:]:
        found = [*usual.finditer(sentence.text),
                 *(m for m in speaking.finditer(sentence.text) if _SPEAKS_NEXT.match(sentence.text, m.end()))]
        for m in sorted(found, key=lambda m: m.start()):
            words = m.group("mods").split()
            if any(w.casefold() in lexicon.sentence_starters for w in words):
                continue
            head = m.group("head")
            qualifier = " ".join(m.group("qual").split()) if m.group("qual") else ""
            label = " ".join([*words, head, *([qualifier] if qualifier else [])])
            key = slug(" ".join([*words, head.removesuffix("s") if head.endswith("s") else head, qualifier]))
            draft = drafts.setdefault(key, Draft(key, label, "source"))
            for alias in (label, f"the {label}", f"the {head}", f"the {' '.join([*words, head])}"):
                draft.add_alias(alias)
            start = sentence.start + m.start()
            refs.append(Reference(sentence.index, start, sentence.start + m.end(), m.group(), key, "source"))
    return refs


_SAYS = r"(?=(?:\s*,[^,.;:“”\"]{1,80},)?\s+(?:also\s+|have\s+|has\s+|had\s+)?(?:said|say|says|told|tell|added|claimed|insisted|warned|argued|wrote|denied|rejected)\b)"


def _speaking_bodies(sentences: tuple[Sentence, ...], drafts: dict[str, Draft]) -> list[Reference]:
    """Speakers that are no named person: a group opening a clause ("Campaigners said"), and what a named
    one owns that speaks for it ("Ms Lee's department said", "Acme's lawyers told the court")."""
    words = load_people_words()
    groups = re.compile(rf"(?:^|(?<=[,;:] )|(?<=\b[Bb]ut )|(?<=\b[Aa]nd ))(?P<np>(?i:{_alternatives(words.speaking_groups)})){_SAYS}")
    owned = re.compile(rf"(?P<np>(?:[A-Z][\w-]*\s+){{0,3}}[A-Z][\w-]*[’']s\s+(?P<head>{_alternatives(words.possessed_speakers)})){_SAYS}")
    refs: list[Reference] = []
    for sentence in sentences[1:]:
        for pattern, kind in ((groups, "group"), (owned, "organisation")):
            for m in pattern.finditer(sentence.text):
                label = m.group("np")
                if kind == "group":
                    label = label.casefold()
                elif m.group("head").casefold() in words.person_nouns:
                    kind = "source"  # "Acme's spokesman"
                key = slug(label)
                draft = drafts.setdefault(key, Draft(key, label, kind))
                draft.add_alias(label)
                both = re.match(r"(?:both|the two)\s+(?P<rest>.+)", label)
                if both:  # "both companies" are "the two companies"
                    draft.add_alias(f"both {both.group('rest')}")
                    draft.add_alias(f"the two {both.group('rest')}")
                if kind != "group":
                    draft.add_alias(f"the {m.group('head')}")
                start = sentence.start + m.start("np")
                refs.append(Reference(sentence.index, start, start + len(label), label if kind != "group"
                                      else m.group("np"), key, "name"))
    return refs


def _owned_bodies(sentences: tuple[Sentence, ...], drafts: dict[str, Draft], lexicon: Lexicon) -> list[Reference]:
    """A body named by whose it is: "the UK’s data watchdog", "Britain’s biggest bank".  The whole phrase
    is the entity, so the owner ("the UK") is never taken for the one who acts."""
    nouns = _alternatives(lexicon.organisation_nouns)
    owned = re.compile(rf"(?P<np>(?:[A-Z][\w-]*\s+){{0,2}}[A-Z][\w-]*[’']s\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:{nouns}))\b")
    refs: list[Reference] = []
    for sentence in sentences[1:]:
        for m in owned.finditer(sentence.text):
            label = m.group("np")
            if label.split()[0].casefold() in lexicon.sentence_starters:
                continue  # "Its board", "The company’s": not a name of its own
            key = slug(label)
            drafts.setdefault(key, Draft(key, label, "organisation")).add_alias(label)
            start = sentence.start + m.start("np")
            refs.append(Reference(sentence.index, start, start + len(label), label, key, "name"))
    return refs


_NAMED_WITHIN = 3  # sentences after a description in which news names the body it described


def _named_regulators(described: list[Reference], refs: list[Reference], drafts: dict[str, Draft],
                      lexicon: Lexicon) -> list[Reference]:
    """"fined by the UK’s data watchdog. X, deputy commissioner at the Personal Data Commission, said":
    news describes a regulator, then names it.  The description joins the first body named after it (within
    a few sentences, and not named before it) whose name ends in a regulator word, as one entity."""
    firsts: dict[str, Reference] = {}
    for ref in sorted(refs, key=lambda r: r.start):
        firsts.setdefault(ref.entity, ref)
    named = [r for r in firsts.values() if r.kind == "name" and drafts[r.entity].kind == "organisation"
             and drafts[r.entity].name.split()[-1] in lexicon.regulator_name_words]
    merged: dict[str, str] = {}
    for first in sorted({firsts[r.entity].start: firsts[r.entity] for r in described}.values(), key=lambda r: r.start):
        description = drafts[first.entity]
        if description.name.split()[-1].casefold() not in lexicon.regulator_nouns:
            continue
        body = next((r.entity for r in named if first.start < r.start and r.sentence <= first.sentence
                     + _NAMED_WITHIN and r.entity not in merged.values()), None)
        if body is not None:
            merged[description.id] = body
            drafts[body].role = drafts[body].role or description.name
            for alias in description.aliases:
                drafts[body].add_alias(alias)
    for description in merged:
        del drafts[description]
    return [replace(r, entity=merged.get(r.entity, r.entity)) for r in refs]


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _groups(text: str, sentences: tuple[Sentence, ...], quotations: tuple[Quotation, ...],
            drafts: dict[str, Draft], lexicon: Lexicon) -> list[Reference]:
    """Quoted group names ("the 'axis of resistance'") and every later mention of them."""
    refs: list[Reference] = []
    for q in quotations:
        words = q.text.split()
        is_group = (1 <= len(words) <= 6 and not re.search(r"[.!?,;:]", q.text)
                    and any(w.casefold() in lexicon.group_heads for w in words)
                    and text[max(0, q.start - 4) : q.start].casefold() == "the ")
        if not is_group:
            continue
        key = slug(q.text)
        draft = drafts.setdefault(key, Draft(key, q.text, "group"))
        draft.add_alias(f"the {q.text}")
    for draft in [d for d in drafts.values() if d.kind == "group" and " " in d.name]:
        phrase = re.compile(re.escape(draft.name), re.IGNORECASE)
        for sentence in sentences:
            for m in phrase.finditer(sentence.text):
                start = sentence.start + m.start()
                refs.append(Reference(sentence.index, start, start + len(m.group()), m.group(), draft.id, "group"))
    return refs


def _drop_nested(refs: list[Reference]) -> list[Reference]:
    """Keep the outermost of overlapping references (sorted by start, longest first)."""
    kept: list[Reference] = []
    for ref in refs:
        if kept and ref.start < kept[-1].end:
            continue
        kept.append(ref)
    return kept
