"""Roles as names: "the Calloway boss", "the head coach", "the fund manager at Kestrel".

News names a person once and then, as readers do, by what they are.  A person's role (read by
:mod:`knowledge.roles`) therefore becomes aliases, so a question that names the role names the person:
the role as written ("Calloway boss"), with a shorter name of the body it mentions ("fund manager at
Kestrel" for "... at Kestrel Capital"), and its title alone ("boss", "head coach").  A form that more
than one entity could be called is nobody's alias; roles that are no noun phrase ("34, from Leeds",
"who lives next door", "prosecuting") and roles owned by a pronoun ("his sister") name no one alone,
but a relative clause names its person with the noun the text's pronouns give: "the woman who lives
next door".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.entities import Draft, Reference
from knowledge.lexicon import Lexicon
from knowledge.people import load_people_words

__all__ = ["alias_roles"]

_NOT_A_NAME = re.compile(r"(?i:\d|who\s|which\s|of\s|from\s|at\s|for\s|in\s|with\s|his\s|her\s|their\s|its\s|our\s|my\s)")
_TAIL = re.compile(r"\s+(?:of|at|for|from|in|with|on)\s+.*$")
_DETERMINER = re.compile(r"^(?i:the|a|an)\s+")


def alias_roles(drafts: dict[str, Draft], lexicon: Lexicon, text: str = "", refs: Sequence[Reference] = ()) -> None:
    """Give each person the names its role offers, where no other entity could be called that; a role
    owned by a pronoun the text resolves ("his sister") is named with its owner ("Pellow's sister")."""
    court = load_people_words().court_roles
    owners = _owned_roles(text, refs, drafts)
    offers: dict[str, set[str]] = {}
    for draft in drafts.values():
        if draft.kind == "person" and draft.role:
            for form in _forms(draft.role, drafts, court, lexicon) + _described(draft) + owners.get(draft.id, []):
                offers.setdefault(form.casefold(), set()).add(draft.id)
    taken = {a.casefold() for d in drafts.values() for a in (d.name, *d.aliases)}
    for draft in drafts.values():
        if draft.kind != "person" or not draft.role:
            continue
        for form in _forms(draft.role, drafts, court, lexicon) + _described(draft) + owners.get(draft.id, []):
            folded = form.casefold()
            if offers[folded] == {draft.id} and (folded not in taken or folded in
                                                 {a.casefold() for a in draft.aliases}):
                draft.add_alias(form)


_OWNED = re.compile(r"(?i:his|her|their)\s+(?P<title>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)$")


def _owned_roles(text: str, refs: Sequence[Reference], drafts: dict[str, Draft]) -> dict[str, list[str]]:
    """"his sister" of a person, where the text's "his" is Graham Pellow: "Pellow's sister", "Graham Pellow's
    sister" (the owner's names, not its roles)."""
    out: dict[str, list[str]] = {}
    pronouns = [r for r in refs if r.kind == "pronoun"]
    for draft in drafts.values():
        title = _OWNED.fullmatch(draft.role) if draft.kind == "person" and draft.role else None
        if title is None:
            continue
        owner = next((drafts[r.entity] for r in pronouns if r.entity != draft.id
                      and text[r.start : r.start + len(draft.role)].casefold() == draft.role.casefold()), None)
        if owner is not None:
            out[draft.id] = [f"{name}’s {title.group('title')}" for name in dict.fromkeys((owner.name, *owner.aliases))
                             if name[:1].isupper() and name != draft.name]
    return out


_PERSON_BY_GENDER = {"f": ("woman", "person"), "m": ("man", "person")}


def _described(draft: Draft) -> list[str]:
    """"who lives in the flat below" -> "the woman who lives in the flat below", "the person who ..."."""
    if not draft.role.startswith("who "):
        return []
    return [f"the {noun} {draft.role}" for noun in _PERSON_BY_GENDER.get(draft.gender, ("person",))]


def _forms(role: str, drafts: dict[str, Draft], court: frozenset[str], lexicon: Lexicon) -> list[str]:
    """The names a role gives: as written, with the body it mentions shortened, and its title alone."""
    role = _DETERMINER.sub("", role.strip())
    if not role or _NOT_A_NAME.match(role) or role.casefold() in court or "," in role:
        return []
    forms = [role]
    for body in (d for d in drafts.values() if d.kind == "organisation"):
        named = max((f for f in (body.name, *body.aliases) if f in role), key=len, default="")
        # "fund manager at Kestrel" for "... at Kestrel Capital", "Lib Dem leader" (not "Lib Dems leader")
        forms += [role.replace(named, a) for a in body.aliases if named and len(a) < len(named) and a[:1].isupper()
                  and a.endswith("s") == named.endswith("s")]
    words = _TAIL.sub("", role).split()
    body: list[str] = []
    while words and (words[0][:1].isupper() or re.search(r"[’']s$", words[0])):
        body.append(words.pop(0))  # "Calloway boss", "Dutch club’s head coach": the body is not the title
    national = len(body) == 1 and (country := lexicon.country_of(body[0])) is not None and body[0] in country.adjectives
    if words and words[0][:1].islower() and not national:
        forms.append(" ".join(words))  # but "the president" is not the French one only
    return list(dict.fromkeys(f for f in forms if f))
