"""Who heads a body: "the Labour leader", "Corvane's CEO", "who runs Brookmere Rovers?".

News names people by their role ("Labour group leader Ann Cole", "Corvane chief executive Imogen
Tarrant") and questions ask for them by another title of the same body, or by what heads do ("runs",
"leads").  A role that names a body and a head title (``head_titles`` in ``data/language.yaml``), and
no subordinate word ("deputy leader"), makes its holder a head of that body.  The reader then reads
the person's name in place of the title, and never takes a bare title ("leader") given to another
body in the question for the person whose role is of a different one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.language import Language
from knowledge.model import Knowledge

__all__ = ["Heads", "NameSpan"]

NameSpan = tuple[int, int, str]  # where a name stands in a question's words: (start, end, entity or "=word")

_CAPITALISED = re.compile(r"\b[A-Z][\w-]*")
_PLACE_LINKS = frozenset({"on", "at", "in"})  # "who leads Labour on the council"
_TITLE_LINKS = frozenset({"of", "at", "the", "for", "in", "is", "s"})  # "the leader of the party"
_NOT_BODIES = frozenset({"person", "place", "source"})
TITLE_REACH = 3  # "the leader of the Green Party": a name this many words after a title qualifies it


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    """Whether ``part`` stands in ``words`` as consecutive words."""
    n = len(part)
    return n > 0 and any(tuple(words[i:i + n]) == tuple(part) for i in range(len(words) - n + 1))


@dataclass(frozen=True, slots=True)
class Head:
    """A person heading a body by their role: the role's words and the offices it names (none: a
    title any head has, "boss", "leader")."""

    person: str
    role: frozenset[str]
    offices: frozenset[int]


@dataclass(frozen=True)
class Heads:
    """The heads of one article's bodies, and the people it names by a bare title; pure per call."""

    language: Language
    by_key: dict[str, tuple[Head, ...]]  # a body's id, or "=word" for a capitalised word of a role
    names: dict[str, tuple[str, ...]]  # each head's name, as words
    roles: dict[str, tuple[str, ...]]  # each person's role, as words
    body_names: dict[str, tuple[tuple[str, ...], ...]]  # each body's names, as words
    bare_titles: dict[str, frozenset[tuple[str, ...]]]  # person -> aliases that are a bare title, as terms

    @classmethod
    def build(cls, knowledge: Knowledge, language: Language,
              names: dict[str, list[tuple[str, ...]]]) -> Heads:
        """The heads of ``knowledge``'s bodies; ``names`` holds each entity's names as words."""
        body_names = {e.id: tuple(dict.fromkeys(
            stripped for words in names.get(e.id, ()) if (stripped := _without_leading(words, language.stopwords))))
            for e in knowledge.entities if e.kind not in _NOT_BODIES}
        roles = {e.id: tuple(language.words(e.role)) for e in knowledge.entities if e.kind == "person" and e.role}
        found: dict[str, list[Head]] = {}
        for entity in knowledge.entities:
            role = roles.get(entity.id)
            if role is None or not language.subordinate_words.isdisjoint(role):
                continue
            offices = [language.head_titles[w] for w in role if w in language.head_titles]
            if not offices:
                continue
            head = Head(entity.id, frozenset(role), frozenset(offices) - {0})
            keys = {body for body, known in body_names.items() if any(_contains(role, n) for n in known)}
            # a capitalised word of the role names a body the text may not list: "Labour group leader"
            keys |= {f"={w}" for token in _CAPITALISED.findall(entity.role) for w in language.words(token)
                     if w not in language.stopwords and w not in language.head_titles}
            for key in keys:
                found.setdefault(key, []).append(head)
        titles = language.head_titles.keys() | language.head_verbs
        bare = {e.id: aliases for e in knowledge.entities if e.kind == "person" and (aliases := frozenset(
            tuple(language.terms(a)) for a in e.aliases if a == a.lower() and not titles.isdisjoint(language.words(a))))}
        heads = {h.person for hs in found.values() for h in hs}
        return cls(language=language, by_key={k: tuple(v) for k, v in found.items()},
                   names={p: tuple(language.words(knowledge.entity(p).name)) for p in sorted(heads)},
                   roles=roles, body_names=body_names, bare_titles=bare)

    def named(self, words: list[str], spans: list[NameSpan]) -> list[str]:
        """The words with a head's name in place of the title that names them ("the Labour leader"
        -> "Ann Cole", "who runs Acme" -> "who is Jane Doe"), else unchanged."""
        if not self.by_key:
            return words
        titles, verbs = self.language.head_titles, self.language.head_verbs
        for start, end, key in _qualifiers(words, spans):
            if key not in self.by_key:
                continue
            before = next((j for j in range(start - 1, max(-1, start - 1 - TITLE_REACH), -1)
                           if words[j] not in _TITLE_LINKS), None)
            if end < len(words) and words[end] in titles:  # "the Labour leader", "Acme's chief executive"
                last = next((j for j in range(end, len(words)) if words[j] not in titles), len(words))
                head, end = self._head(key, words[end:last]), last
            elif before is not None and words[before] in titles:  # "the chief executive of Acme"
                first = next((j + 1 for j in range(before, -1, -1) if words[j] not in titles), 0)
                head, start = self._head(key, words[first:before + 1]), first
            elif before is not None and 0 < before <= 2 and words[0] == "who" and words[before] in verbs:
                head = self._head(key, [])  # "who runs Acme (at the council)?": who its head is
                if head is not None:
                    return ["who", "is", *self.names[head], *words[_past_setting(words, end, spans):]]
                continue
            else:
                continue
            if head is not None:
                return [*words[:start], *self.names[head], *words[end:]]
        return words

    def _head(self, key: str, titles: list[str]) -> str | None:
        """The one person heading the body whom these title words name (None: no one, or two).

        A role with the very title asked comes first ("the council leader" is its leader, not its
        chief executive); then any role of an office the title allows ("boss" allows every office).
        """
        heads = self.by_key.get(key, ())
        asked = set(titles)
        offices = frozenset(self.language.head_titles[w] for w in titles) - {0}
        for found in ([h.person for h in heads if not asked.isdisjoint(h.role)],
                      [h.person for h in heads if not offices or not h.offices or offices & h.offices]):
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def without_other_bodies(self, words: list[str], terms: Sequence[str], entities: frozenset[str],
                             spans: list[NameSpan], aliases: dict[str, list[tuple[str, ...]]]) -> frozenset[str]:
        """``entities`` without a person named only by a bare title ("leader") that the question gives
        to another body: "the Green Party leader" is not the Liberal Democrat leader.

        A name right before the title ("the Labour leader"), or just after it ("the leader of the
        Greens", "who leads the Greens"), qualifies it; the person stays when their role has it.
        """
        asked = set(terms)
        people = [e for e in entities if e in self.bare_titles
                  and all(a in self.bare_titles[e] for a in aliases.get(e, ()) if set(a) <= asked)]
        if not people:
            return entities
        titles, verbs = self.language.head_titles, self.language.head_verbs
        at_title = [i for i, w in enumerate(words) if w in titles or w in verbs]
        keys = {key for at in at_title for start, end, key in _qualifiers(words, spans)
                if (key in self.by_key or key in self.body_names)
                and (end == at or (at < start <= at + TITLE_REACH and _TITLE_LINKS.issuperset(words[at + 1:start])))}
        return entities - {p for p in people if any(not self._role_names(p, key) for key in keys)}

    def _role_names(self, person: str, key: str) -> bool:
        """Whether a person's role has this qualifier: a body's name, or the word itself ("=labour")."""
        role = self.roles.get(person, ())
        if key.startswith("="):
            return key[1:] in role
        return any(_contains(role, name) for name in self.body_names.get(key, ()))


def _without_leading(words: tuple[str, ...], stopwords: frozenset[str]) -> tuple[str, ...]:
    """A name's words without the stopwords it may start with ("the Greens" -> "greens")."""
    while words and words[0] in stopwords:
        words = words[1:]
    return words


def _qualifiers(words: list[str], spans: list[NameSpan]) -> list[NameSpan]:
    """Where names that may qualify a title stand: the entities' names, and every other word as
    itself ("=labour": a role may name a body the article lists as no entity)."""
    named = {i for start, end, _ in spans for i in range(start, end)}
    return [*spans, *((i, i + 1, f"={w}") for i, w in enumerate(words) if i not in named)]


def _past_setting(words: list[str], end: int, spans: list[NameSpan]) -> int:
    """Where a question goes on after "who runs Labour (on the council)": a name after "on", "at" or
    "in" says where the body is headed, part of the title, not more of the question."""
    later = [span for span in spans if span[0] >= end]
    if words[end:end + 1] and words[end] in _PLACE_LINKS and later and all(
            w in _TITLE_LINKS for w in words[end + 1:later[0][0]]):
        return later[0][1]
    return end
