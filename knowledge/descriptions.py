"""The description an article attaches to a name, for /who when the model has no role for it.

Three generic shapes of news English, looked for where the article first gives the full name:
"Name, chief executive of the trust," · "Brennan's chief executive, Name," · "Calloway boss Name".
A description must end in a word for a person's function (``person_cues`` and ``roles`` in the
lexicon) or read as one (a/an/the ... of/at ...), so "Name, 52," or "Name, of Orchard Rise," give
nothing.
"""

from __future__ import annotations

import re

from knowledge.lexicon import load_lexicon
from knowledge.model import Entity, Knowledge

__all__ = ["described_as"]

MAX_WORDS = 14
_PIECE = r"[^,.;:“”\"()]{2,90}?"


def described_as(entity: Entity, knowledge: Knowledge) -> str:
    """The article's description of the entity next to its full name, or ""."""
    if entity.kind != "person" or " " not in entity.name:
        return ""
    name = re.escape(entity.name)
    shapes = (
        re.compile(rf"\b{name}\b(?:’s|'s)?,\s+(?P<role>{_PIECE}),"),     # Name, role,
        re.compile(rf"(?:^|[,;]\s+|^(?:But|And)\s+)(?P<role>{_PIECE}),\s+{name}\b"),  # role, Name
        re.compile(rf"(?P<role>(?:[A-Z][\w’'&-]*\s+){{0,3}}(?:[a-z][\w-]*\s+){{0,2}}[a-z][\w-]*)\s+{name}\b"),
    )
    for index in entity.mentions:
        if index >= len(knowledge.sentences):
            continue
        text = knowledge.sentences[index].text
        for anywhere, shape in zip((True, False, False), shapes):
            match = shape.search(text)
            if match and _is_function(match.group("role"), anywhere):
                return _tidy(match.group("role"))
    return ""


def _is_function(phrase: str, anywhere: bool) -> bool:
    """Whether a phrase names what someone is: it ends in a word for a person's function (or, with
    ``anywhere``, has one in it: "chief executive of the trust")."""
    words = phrase.split()
    if not words or len(words) > MAX_WORDS or words[0].lower() in ("who", "which", "whose", "said", "told"):
        return False
    if any(w[:1].isdigit() for w in words[:1]):
        return False
    lexicon = load_lexicon()
    nouns = [re.sub(r"(?:’s|'s)$", "", w).lower() for w in words]
    cues = {c for c in lexicon.person_cues if c.isalpha() and c != "by"}
    lowered = " ".join(nouns)
    if not anywhere:
        return nouns[-1] in cues or any(lowered.endswith(role) for role in lexicon.roles)
    return any(n in cues for n in nouns) or any(re.search(rf"\b{re.escape(r)}\b", lowered) for r in lexicon.roles)


def _tidy(phrase: str) -> str:
    phrase = " ".join(phrase.split())
    phrase = re.sub(r"^(?:But|And)\s+", "", phrase)
    return phrase[:1].lower() + phrase[1:] if phrase.split()[0] in ("The", "A", "An", "His", "Her", "Their") \
        else phrase
