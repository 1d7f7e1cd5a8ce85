"""Resolve role mentions, pronouns and definite sources to the entities they stand for.

One pass in text order, so each reference can lean on the ones before it:
- a role mention ("the Chancellor", "The German leader", "Italy's foreign minister") goes
  to the person the text already gave that role, else to an apposed name ("X, the German leader"),
  else to the nearest person without a role and of a compatible nationality in the last few
  sentences (the first such in that sentence, i.e. its subject);
- a pronoun goes to the first compatible narrative reference earlier in its sentence, else in the
  nearest earlier sentence that has one ("He said:" -> the previous sentence's subject);
- "the source" goes to the latest anonymous source with that head noun.
Nothing is resolved from inside a quotation, and a mention with no compatible candidate stays
unresolved.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from knowledge.entities import Draft, Reference
from knowledge.lexicon import Lexicon, load_common_words
from knowledge.model import Sentence
from knowledge.people import load_people_words
from knowledge.quotations import Quotation

__all__ = ["resolve"]

WINDOW = 4  # how many earlier sentences a role mention or pronoun may reach back
_PLURAL_KINDS = ("source", "group", "organisation")


@dataclass(frozen=True, slots=True)
class _Mention:
    """An unresolved span: a role mention, pronoun or definite source."""

    sentence: int
    start: int
    end: int
    text: str
    kind: str  # role, pronoun, source
    key: str  # the role, the pronoun (lower case) or the source head
    country: str = ""


def resolve(text: str, sentences: tuple[Sentence, ...], speech: tuple[Quotation, ...], drafts: dict[str, Draft],
            refs: list[Reference], lexicon: Lexicon) -> list[Reference]:
    """All references: the name references plus every resolvable role, pronoun and source mention."""
    refs = sorted(refs, key=lambda r: r.start)
    quoted = _QuotedSpans(speech)
    names = [r for r in refs if r.kind != "adjective"]  # "the French president" is a role mention
    name_starts = [r.start for r in names]
    pending = [m for m in _mentions(sentences, lexicon)
               if not _overlaps(m, names, name_starts) and not quoted.contains(m.start, m.end)]
    starts = [r.start for r in refs]
    dropped: set[int] = set()  # adjective references a role mention took over ("the French president")
    story = _Narrative(drafts)
    ages = _stated_ages(text, refs)
    added: list[Reference] = []
    unnamed: set[str] = set()  # title words the text used, unresolved, for someone it never named
    given = 0  # how many of the name references the story has taken in
    for mention in sorted(pending, key=lambda m: m.start):
        while given < len(refs) and refs[given].start < mention.start:
            if given not in dropped and not quoted.contains(refs[given].start, refs[given].end):
                story.add(refs[given])
            given += 1
        if mention.kind == "role":
            named = _named_after(text, mention, refs[bisect_right(starts, mention.end) :], drafts)
            named = named or next((r for r in story.latest(3) if drafts[r.entity].kind == "person"
                                   and re.fullmatch(r"\s+as\s+", text[r.end : mention.start])), None)  # "X as the Y"
            entity = (_assign(drafts[named.entity], mention, lexicon) if named is not None
                      else _resolve_role(text, mention, story, drafts, lexicon, unnamed))
            if named is not None:
                _name_the_owner(entity, mention, sentences, story, drafts)
            if entity is None:
                unnamed.add(_title_word(mention))
        elif mention.kind == "pronoun":
            entity = _resolve_pronoun(mention, story, drafts, lexicon)
        elif mention.kind == "age":
            entity = _resolve_age(mention, story, drafts, ages)
        elif mention.kind == "organisation":
            entity = _resolve_organisation(text, mention, story, drafts, lexicon)
        elif mention.kind == "client":
            entity = _resolve_client(mention, story, drafts)
        else:
            entity = _resolve_source(mention, story, drafts)
        if entity is not None:
            for k in range(bisect_left(starts, mention.start), bisect_left(starts, mention.end)):
                if refs[k].kind == "adjective":
                    dropped.add(k)
            ref = Reference(mention.sentence, mention.start, mention.end, mention.text, entity.id, mention.kind)
            added.append(ref)
            story.add(ref)
    done = [r for k, r in enumerate(refs) if k not in dropped] + added
    _appositions(text, [r for r in done if drafts[r.entity].kind == "person"], drafts, lexicon)
    bodies = [r for r in done if drafts[r.entity].kind == "organisation" and r.kind == "name"]
    _descriptions(text, bodies, drafts, lexicon)
    done += _national_bodies(text, sentences, bodies, done, quoted, drafts, lexicon)
    return sorted(done, key=lambda r: r.start)


class _QuotedSpans:
    """Whether a span lies inside a quotation, in logarithmic time (quotations may nest)."""

    def __init__(self, quotations: tuple[Quotation, ...]) -> None:
        self._quotations = sorted(quotations, key=lambda q: q.start)
        self._starts = [q.start for q in self._quotations]
        self._reach = list(accumulate((q.end for q in self._quotations), max))  # furthest end so far

    def contains(self, start: int, end: int) -> bool:
        k = bisect_left(self._starts, start) - 1
        while k >= 0 and self._reach[k] >= end:
            if self._quotations[k].contains(start, end):
                return True
            k -= 1
        return False


class _Narrative:
    """The narrative references read so far, with what the resolvers ask of them kept up to date."""

    def __init__(self, drafts: dict[str, Draft]) -> None:
        self._drafts = drafts
        self.refs: list[Reference] = []
        self.people: dict[str, None] = {}  # person ids, the latest mentioned last
        self.person_mentions: dict[str, int] = {}  # person id -> how often the story has named them
        self.organisations: dict[str, tuple[int, int]] = {}  # id -> (mentions, last position)
        self.sources: list[str] = []  # anonymous source ids, in mention order

    def add(self, ref: Reference) -> None:
        self.refs.append(ref)
        kind = self._drafts[ref.entity].kind
        if kind == "person":
            self.people.pop(ref.entity, None)
            self.people[ref.entity] = None
            self.person_mentions[ref.entity] = self.person_mentions.get(ref.entity, 0) + 1
        elif kind == "organisation":
            count, _ = self.organisations.get(ref.entity, (0, 0))
            self.organisations[ref.entity] = (count + 1, ref.start)
        elif kind == "source":
            self.sources.append(ref.entity)

    def latest(self, count: int) -> list[Reference]:
        """The last ``count`` references, the latest first."""
        return self.refs[: -count - 1 : -1]

    def by_sentence(self, sentence: int) -> list[list[Reference]]:
        """References in ``sentence``, then in each earlier sentence of the window that has any."""
        groups: dict[int, list[Reference]] = {}
        for ref in reversed(self.refs):
            if ref.sentence < sentence - WINDOW:
                break
            if ref.sentence <= sentence:
                groups.setdefault(ref.sentence, []).insert(0, ref)
        return [groups[k] for k in sorted(groups, reverse=True)]


def _named_after(text: str, mention: _Mention, following: list[Reference], drafts: dict[str, Draft]) -> Reference | None:
    """The person named right after a role mention: "their prince X", "the minister, X, said", "their
    leader, the retired teacher X"."""
    for ref in following[:4]:
        gap = text[mention.end : ref.start]
        if len(gap) > 60 or re.search(r"[.;:!?()“”\"]", gap):
            break
        if drafts[ref.entity].kind != "person":
            continue
        if gap.isspace() or (re.fullmatch(r"\s*,\s*", gap) and text[ref.end : ref.end + 1] == ","):
            return ref
        if _APPOSED_BEFORE.fullmatch(gap):
            return ref
    return None


_APPOSED_BEFORE = re.compile(r",\s+(?:the|a|an|his|her|their|its)\s+(?:[a-z][\w’'-]*\s+){1,4}")


def _descriptions(text: str, organisations: list[Reference], drafts: dict[str, Draft], lexicon: Lexicon) -> None:
    """What the text says an organisation is: "X, the Dutch chipmaker," -> role "Dutch chipmaker"."""
    for ref in organisations:
        m = _APPOSED.match(text[ref.end : ref.end + 120])
        if m is None or not lexicon.is_organisation_noun(m.group("np").split()[-1]) or any(
                w in lexicon.verb_gap_words or w in lexicon.past_forms or w.endswith("ed") and len(w) > 4
                for w in m.group("np").casefold().split()):
            continue  # "..., the Parliament also used buildings rented from the Council": a clause, no description
        entity = drafts[ref.entity]
        entity.role = entity.role or m.group("np").strip()
        entity.add_alias("the " + m.group("np").strip())


_DESCRIBED_BEFORE = re.compile(r"\b[Tt]he\s+(?P<adj>[A-Z][a-z]+)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<head>[a-z]+)\s+$")
_NATIONAL_BODY = re.compile(r"\b[Tt]he\s+(?P<adj>[A-Z][a-z]+)\s+(?P<head>[a-z]+)\b")


def _national_bodies(text: str, sentences: tuple[Sentence, ...], bodies: list[Reference], done: list[Reference],
                     quoted: _QuotedSpans, drafts: dict[str, Draft], lexicon: Lexicon) -> list[Reference]:
    """"the Dutch club" for the one organisation the text described as Dutch ("the Dutch side FC X",
    "X, the Dutch chipmaker,"): news names a body once, then by its nationality and what it is."""
    countries: dict[str, set[str]] = {}  # country -> the organisations described as of it
    for ref in bodies:
        before = _DESCRIBED_BEFORE.search(text, sentences[ref.sentence].start, ref.start)
        described = [before.group("adj")] if before and lexicon.is_organisation_noun(before.group("head")) else []
        described += [w for a in drafts[ref.entity].aliases + [drafts[ref.entity].role] if a.startswith(("the ", "a "))
                      or a == drafts[ref.entity].role for w in a.split()[:3]]
        for word in described:
            country = lexicon.country_of(word)
            if country is not None and word in country.adjectives:
                countries.setdefault(country.name, set()).add(ref.entity)
    if not countries:
        return []
    taken = sorted((r.start, r.end) for r in done if r.kind not in ("role", "adjective"))
    added: list[Reference] = []
    for sentence in sentences[1:]:
        for m in _NATIONAL_BODY.finditer(sentence.text):
            country = lexicon.country_of(m.group("adj"))
            owners = countries.get(country.name, set()) if country is not None and m.group("adj") in country.adjectives \
                else set()
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if len(owners) != 1 or not lexicon.is_organisation_noun(m.group("head")) or quoted.contains(start, end) \
                    or any(a < end and start < b for a, b in taken):
                continue
            body = drafts[next(iter(owners))]
            body.add_alias("the " + m.group()[4:])
            added.append(Reference(sentence.index, start, end, m.group(), body.id, "organisation"))
    return added


_APPOSED = re.compile(r",\s+(?:the|a|an|its|their)\s+(?P<np>[^,.;:()“”\"]{3,80}?)(?=\s*(?:,|;|\.|\)|$|\s+and\s))")
_TITLED = re.compile(r",\s+(?P<np>[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*)*(?:,\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?)(?=,)")
_AS_ROLE = re.compile(r"\s+as\s+(?:the|a|an|its|their)\s+(?P<np>[^,.;:()“”\"]{3,80}?)(?=\s*(?:,|;|\.|$|\s+and\s))")


def _appositions(text: str, people: list[Reference], drafts: dict[str, Draft], lexicon: Lexicon) -> None:
    """Roles the text puts beside a name: "X, the newly arrived army commander,", "X, Commander-in-Chief,
    North America,", "named X as the first Administrator of Y"."""
    for ref in people:
        after = text[ref.end : ref.end + 120]
        for pattern in (_APPOSED, _TITLED, _AS_ROLE):
            m = pattern.match(after)
            if m is None:
                continue
            phrase = m.group("np").strip()
            words = [w.casefold() for w in re.findall(r"[\w-]+", phrase)]
            head = phrase.split(",")[0].casefold()
            is_role = any(" ".join(words[k : k + len(r.split())]) == r for r in lexicon.roles for k in range(len(words)))
            if pattern is _TITLED:
                is_role = any(head == r or head.startswith(r + " of ") for r in lexicon.roles)
            elif pattern is _APPOSED:
                is_role = bool(words) and (words[-1] in lexicon.roles or words[-1] in lexicon.person_cues)
            if not is_role:
                continue
            person = drafts[ref.entity]
            if not person.role or person.role.casefold() in lexicon.roles or person.role.casefold() in phrase.casefold():
                person.role = phrase
            if pattern is _APPOSED:
                person.add_alias("the " + phrase)
            break


def _overlaps(mention: _Mention, refs: list[Reference], starts: list[int]) -> bool:
    """Whether a name reference overlaps the mention (``refs`` sorted by start; names are short)."""
    k = bisect_left(starts, mention.end)
    return any(r.end > mention.start for r in refs[max(0, k - 8) : k])


def _mentions(sentences: tuple[Sentence, ...], lexicon: Lexicon) -> list[_Mention]:
    role_re, pronoun_re, source_re = _patterns(lexicon)
    found: list[_Mention] = []
    for s in sentences[1:]:
        for m in role_re.finditer(s.text):
            if _modifies_a_noun(s.text, m.end(), lexicon):
                continue  # "the general theory", "the centrifugal governor was": a word for a thing, no role
            adjective = m.group("adj") or ""
            owner = m.group("poss") or m.group("of") or ""
            country = lexicon.country_of(adjective or owner)
            role = " ".join(filter(None, [adjective, m.group("role")]))
            found.append(_Mention(s.index, s.start + m.start(), s.start + m.end(), m.group(), "role", role,
                                  country.name if country else ""))
        for m in pronoun_re.finditer(s.text):
            if _PARTITIVE.search(s.text, 0, m.start()):
                continue  # "most of them": the people just counted, not an actor
            found.append(_Mention(s.index, s.start + m.start(), s.start + m.end(), m.group(), "pronoun",
                                  m.group().casefold()))
        for m in _AGE_MENTION.finditer(s.text):
            found.append(_Mention(s.index, s.start + m.start(), s.start + m.end(), m.group(), "age", m.group("age")))
        for m in source_re.finditer(s.text):
            found.append(_Mention(s.index, s.start + m.start(), s.start + m.end(), m.group(), "source",
                                  m.group("head").casefold()))
        for m in _client_pattern(lexicon).finditer(s.text):
            found = [f for f in found if not (f.kind == "pronoun" and f.start == s.start + m.start())]  # not "her"
            found.append(_Mention(s.index, s.start + m.start(), s.start + m.end(), m.group(), "client", "client"))
        for m in _organisation_pattern(lexicon).finditer(s.text):
            if lexicon.is_organisation_noun(m.group("head")):
                found.append(_Mention(s.index, s.start + m.start(), s.start + m.end(), m.group(), "organisation",
                                      m.group("head").casefold()))
    return found


_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")


def _modifies_a_noun(text: str, end: int, lexicon: Lexicon) -> bool:
    """Whether a role word stands before a common noun it describes ("the general election"): the next word
    is a common English word that is no verb, auxiliary, preposition or clause opener of the lexicon."""
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return False
    word = m.group(1)
    return word in load_common_words() and word not in _not_nouns(lexicon) and not word.endswith(("ed", "ly"))


@lru_cache(maxsize=4)
def _not_nouns(lexicon: Lexicon) -> frozenset[str]:
    """Words after a role that keep it a role: verbs, auxiliaries, prepositions, clause openers."""
    return frozenset().union(lexicon.speech_verbs, lexicon.stance_verbs, lexicon.action_verbs, lexicon.verb_gap_words,
                             lexicon.clause_openers, lexicon.place_prepositions, lexicon.time_prepositions,
                             lexicon.past_forms, lexicon.sentence_starters,
                             ("of", "and", "or", "for", "with", "to", "on", "said", "says"))


_AGE_MENTION = re.compile(r"\b[Tt]he\s+(?P<age>\d{1,3})-year-old\b")  # "the 58-year-old said"
_PARTITIVE = re.compile(r"\b(?i:most|some|many|all|none|few|both|each|several|any|either|neither|one|two|three|half|"
                        r"much|part|majority|rest)\s+of\s+$")


@lru_cache(maxsize=4)
def _client_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """"his client", "her client": whom the lawyer who speaks represents."""
    nouns = "|".join(sorted(lexicon.client_nouns, key=len, reverse=True))
    return re.compile(rf"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+(?:{nouns})\b")


@lru_cache(maxsize=4)
def _organisation_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """"the company", "the Dutch firm", "the chipmaker"; not "the group Hamas" or "the bank of X"."""
    heads = "|".join(sorted(lexicon.organisation_nouns, key=len, reverse=True))
    return re.compile(rf"\b[Tt]he\s+(?:(?:[a-z][\w-]*|[A-Z][a-z]+)\s+)??(?P<head>{heads}|[a-z]+maker)\b"
                      r"(?![\w-]|\s+[A-Z]|\s+of\b|['’]s)")


def _patterns(lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    adjectives = sorted({a for c in lexicon.countries for a in c.adjectives}, key=len, reverse=True)
    names = sorted({n for c in lexicon.countries for n in (c.name, *c.aliases)}, key=len, reverse=True)
    role_re = re.compile(
        rf"(?:\b[Tt]he|\b(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[a-z]+['’]s)|\b(?P<poss>{'|'.join(map(re.escape, names))})['’]s)\s+"
        rf"(?:(?:former|new|current|outgoing|incoming|then)\s+)?(?:[a-z]+\s+(?=(?i:{'|'.join(map(re.escape, lexicon.roles))})\b))?"
        rf"(?:(?P<adj>{'|'.join(map(re.escape, adjectives))})\s+)?"
        rf"(?:[a-z]+\s+(?=(?i:{'|'.join(map(re.escape, lexicon.roles))})\b))?"  # "the Dutch economy minister"
        rf"(?P<role>(?i:{'|'.join(map(re.escape, lexicon.roles))}))(?![\w-])"
        rf"(?: of (?:the )?(?P<of>{'|'.join(map(re.escape, names))})\b)?"
    )
    pronoun_re = re.compile(rf"\b(?i:{'|'.join(sorted(lexicon.pronouns, key=len, reverse=True))})\b")
    heads = "|".join(sorted(lexicon.source_heads | load_people_words().person_nouns, key=len, reverse=True))
    source_re = re.compile(rf"\b[Tt]he\s+(?:[a-z][\w-]*\s+){{0,2}}?(?P<head>{heads})\b")
    return role_re, pronoun_re, source_re


def _title_word(mention: _Mention) -> str:
    """The title word a role mention turns on: "minister" of "the French foreign minister"."""
    return mention.key.split()[-1].casefold()


_RELATIVE_ROLE = re.compile(r"(?:who|which|whose|that)\s")
_NAMED_AFTER_THE = re.compile(r"\b[Tt]he\s+$")


def _resolve_role(text: str, mention: _Mention, story: _Narrative, drafts: dict[str, Draft],
                  lexicon: Lexicon, unnamed: set[str] = frozenset()) -> Draft | None:
    """The person a role mention stands for: one apposed to it, one the text gave that role, the one
    compatriot with a role, else the nearest person the text gave no role in an earlier sentence ("Ann Lee
    met the mayor": another person).  That last is a guess, so it is not made when the text already used the title for someone it did not name ("a governor ... the
    governor could": a thing, or another person) nor for a name the text writes after "the" ("the Lord
    Advocate", "the Presiding Officer": an office itself, not a person who could hold another title)."""

    people = [drafts[p] for p in story.people]
    role = mention.key.casefold()
    apposed = next((r for r in story.latest(1) if r.sentence == mention.sentence), None)
    if apposed and re.fullmatch(r"\s*,\s*", text[apposed.end : mention.start]) and drafts[apposed.entity].kind == "person":
        return _assign(drafts[apposed.entity], mention, lexicon)
    holders = [p for p in reversed(people) if p.role.casefold().endswith(role.split()[-1]) and _country_fits(p, mention)
               and not _RELATIVE_ROLE.match(p.role)  # "who advises the president" holds no presidency
               and (p.role.casefold().endswith(role) or role.endswith(p.role.casefold()))]
    if holders:
        return _assign(holders[0], mention, lexicon)
    compatriots = list(dict.fromkeys(p.id for p in people if p.role and mention.country and p.country == mention.country))
    if len(compatriots) == 1:  # "the German leader" -> the one German the text gave a role
        return _assign(drafts[compatriots[0]], mention, lexicon)
    if _title_word(mention) in unnamed:
        return None
    gender = lexicon.role_gender.get(role.split()[-1], "")
    for group in story.by_sentence(mention.sentence):
        if group[0].sentence == mention.sentence:
            continue  # "Ann Lee met the mayor", "X, who advises the president,": someone else, unless apposed
        for ref in group:
            person = drafts[ref.entity]
            if ref.kind == "name" and _NAMED_AFTER_THE.search(text, max(0, ref.start - 5), ref.start):
                continue
            if person.kind == "person" and not person.role and _country_fits(person, mention) and (
                    not gender or person.gender in ("", gender)):
                return _assign(person, mention, lexicon)
    return None


def _country_fits(person: Draft, mention: _Mention) -> bool:
    return not mention.country or not person.country or person.country == mention.country


def _assign(person: Draft, mention: _Mention, lexicon: Lexicon) -> Draft:
    """Record what a resolved role mention says about the person: role, nationality, alias."""
    if not person.role:
        person.role = mention.text.split(None, 1)[1] if mention.text[:4].casefold() == "the " else mention.text
    person.country = person.country or mention.country
    person.gender = person.gender or lexicon.role_gender.get(mention.key.split()[-1].casefold(), "")
    alias = mention.text
    if alias.startswith("The "):
        alias = "the " + alias[4:]
    person.add_alias(alias)
    return person


_OWNED_ROLE = re.compile(r"(?i:their|its)\s+(?P<title>\S.*)$")
# "The five independents, most of whom ...", "The unions have said": a plural subject opening a sentence
_PLURAL_SUBJECT = re.compile(r"[“‘\"]?The\s+(?:[a-z0-9][\w,-]*\s+)?(?P<noun>[a-z]+[^s\W]s)(?=,|\s+(?:have|are|were|had|"
                             r"will|would|said|say|could|may)\b)")


def _name_the_owner(person: Draft, mention: _Mention, sentences: tuple[Sentence, ...], story: _Narrative,
                    drafts: dict[str, Draft]) -> None:
    """"Their informal leader, Ann Lee," after "The five independents, most of whom ...": Ann Lee is also "the
    independents’ informal leader", as a reader asks it.  The owner of "their/its" is a body or group the
    sentence or the one before names (the latest), else the plural subject that opens the sentence before."""
    owned = _OWNED_ROLE.match(mention.text)
    if owned is None:
        return
    groups = story.by_sentence(mention.sentence)[:2]
    bodies = [r for group in groups for r in reversed(group) if r.sentence >= mention.sentence - 1
              and drafts[r.entity].kind in ("organisation", "group") and r.start < mention.start]
    if bodies:
        owner = drafts[bodies[0].entity].name
    else:
        before = sentences[mention.sentence - 1] if mention.sentence > 1 else None
        subject = _PLURAL_SUBJECT.match(before.text) if before is not None else None
        if subject is None:
            return
        owner = f"the {subject.group('noun')}"
    possessive = "’" if owner.endswith("s") else "’s"
    person.add_alias(f"{owner}{possessive} {owned.group('title')}")


def _resolve_pronoun(mention: _Mention, story: _Narrative, drafts: dict[str, Draft],
                     lexicon: Lexicon) -> Draft | None:
    gender, number = lexicon.pronouns[mention.key]
    if gender == "n":  # "The company said it would", "everything it passed on": the one body of the sentence
        here = next(iter(story.by_sentence(mention.sentence)), [])
        bodies = {r.entity for r in here if r.sentence == mention.sentence and drafts[r.entity].kind == "organisation"
                  and r.kind != "adjective"}
        return drafts[bodies.pop()] if len(bodies) == 1 else None
    for group in story.by_sentence(mention.sentence):
        for ref in group:
            entity = drafts[ref.entity]
            fits = (entity.kind in _PLURAL_KINDS) if number == "pl" else (
                entity.kind == "person" and entity.gender in ("", gender))
            if fits:
                if number == "sg" and not entity.gender:
                    entity.gender = gender
                return entity
    return None


_SPEAKS_OF = re.compile(r"\s+(?:also\s+)?(?:said|says|told\s+\w+|added|claimed|found)\s+(?:that\s+)?$")


def _resolve_organisation(text: str, mention: _Mention, story: _Narrative, drafts: dict[str, Draft],
                          lexicon: Lexicon) -> Draft | None:
    """"the company", "the chipmaker": the organisation the text describes with that noun, else for a
    generic noun (company, firm, group, bank) the most mentioned organisation so far, the latest on a tie.
    A body that has just begun to speak ("The Board said the firm ...") speaks of another."""
    seen = story.organisations
    if not seen:
        return None
    heads = lexicon.regulator_nouns if mention.key in lexicon.regulator_nouns else {mention.key}  # "the regulator", "the watchdog"
    described = [e for e in seen if any(heads & set(f.casefold().split()) for f in (drafts[e].name, drafts[e].role,
                                                                                   *drafts[e].aliases))]
    pool = described or (list(seen) if mention.key in lexicon.organisation_generic_nouns else [])
    if not described and mention.key in lexicon.company_nouns:  # "the firm" is no council, regulator or paper
        pool = [e for e in pool if drafts[e].name.split()[-1] not in lexicon.public_body_words
                and drafts[e].name not in lexicon.party_names] or pool
    speaker = next((r.entity for r in story.latest(1) if r.sentence == mention.sentence
                    and _SPEAKS_OF.fullmatch(text, r.end, mention.start)), None)
    if speaker in pool and len(pool) > 1:
        pool.remove(speaker)
    if not pool:
        return None
    if len(described) == 1 and heads is lexicon.regulator_nouns:  # the one body called a watchdog: "the regulator" too
        drafts[described[0]].add_alias(f"the {mention.key}")
    if not described and len(pool) > 1:
        pool = _latest_named(mention, story, pool)
    return drafts[max(pool, key=lambda e: seen[e])]


def _latest_named(mention: _Mention, story: _Narrative, pool: list[str]) -> list[str]:
    """Of several bodies "the company" could be, those the nearest sentence naming any of them names
    ("Acme boss Ann Lee said the company ..." is Acme, however often the story named its rival)."""
    for group in story.by_sentence(mention.sentence):
        named = [r.entity for r in group if r.entity in pool and r.start < mention.start]
        if named:
            return list(dict.fromkeys(named))
    return pool


def _resolve_client(mention: _Mention, story: _Narrative, drafts: dict[str, Draft]) -> Draft | None:
    """"Ann Lee, defending, told the court her client had no previous convictions": the person the story
    has named most so far (the one on trial), never someone named earlier in the same sentence (the lawyer)."""
    here = {r.entity for r in story.latest(8) if r.sentence == mention.sentence}
    counts = {p: n for p, n in story.person_mentions.items() if p not in here}
    if not counts:
        return None
    most = max(counts.values())
    return drafts[next(p for p, n in counts.items() if n == most)]  # on a tie, the one the story began with


def _resolve_source(mention: _Mention, story: _Narrative, drafts: dict[str, Draft]) -> Draft | None:
    """"the source", "the engineer": the latest anonymous source the text described with that noun."""
    head = mention.key.removesuffix("s")
    for source in reversed(story.sources):
        entity = drafts[source]
        if entity.kind == "source" and (entity.name.casefold().removesuffix("s").endswith(head)
                                        or mention.text.casefold() in (a.casefold() for a in entity.aliases)):
            return entity
    return None


def _stated_ages(text: str, refs: list[Reference]) -> dict[str, str]:
    """The ages the text gives beside names ("Tom Vale, 52, said"), by entity."""
    ages: dict[str, str] = {}
    for ref in refs:
        m = _AGE_AFTER.match(text, ref.end)
        if m is not None and ref.kind == "name":
            ages.setdefault(ref.entity, m.group("age"))
    return ages


_AGE_AFTER = re.compile(r"\s*,\s*(?P<age>\d{1,3})\s*,")


def _resolve_age(mention: _Mention, story: _Narrative, drafts: dict[str, Draft],
                 ages: dict[str, str] | None = None) -> Draft | None:
    """"The 58-year-old said": news names a person by age right after naming them, so the first person
    of the nearest sentence that has one (its subject), unless the text gave that person another age
    ("X, 52, struck Y, leaving the 31-year-old ..." is Y)."""
    ages = ages or {}
    for group in story.by_sentence(mention.sentence):
        for ref in group:
            if drafts[ref.entity].kind == "person" and ages.get(ref.entity, mention.key) == mention.key:
                drafts[ref.entity].add_alias(mention.text[:1].lower() + mention.text[1:])
                return drafts[ref.entity]
    return None
