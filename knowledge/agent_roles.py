"""Roles from the one who did a deed to a body: "Acme was founded by Ann Lee", "X, owned by Tom Vale,".

The agent of a founding, owning, running or leading passive is named by what it did, in the article's
own verb: Ann Lee is "who founded Acme".  The verbs and their active forms are data (``agent_roles``
in ``lexicon.yaml``).  A person whose role the text already gives keeps it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.entities import Draft, Reference
from knowledge.lexicon import Lexicon
from knowledge.model import Sentence

__all__ = ["agent_roles"]

_PRESENT_AUX = ("is", "are", "has been", "have been")
_THING_GAP = re.compile(r"[\s,]*(?:(?:which|that)\s+)?(?P<aux>(?:(?:is|are|was|were|has|have|had|been)\s+)*)"
                        r"(?:[a-z]+ly\s+)?$")


@lru_cache(maxsize=4)
def _agent_re(lexicon: Lexicon) -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in sorted(lexicon.agent_roles, key=len, reverse=True))
    return re.compile(rf"\b(?P<verb>{verbs})\b(?P<mid>[^,;:.“”\"]{{0,60}}?)\s+by\s+"
                      rf"(?:(?:the|his|her|their|its)\s+)?(?:[a-z][\w-]*\s+){{0,2}}?(?=[A-Z])")


def agent_roles(text: str, sentences: tuple[Sentence, ...], refs: list[Reference], drafts: dict[str, Draft],
                lexicon: Lexicon) -> None:
    """Give the people named after "founded/set up/owned/run/led ... by" the role of doing it to the
    body the passive is about, when they have no role yet."""
    by_sentence: dict[int, list[Reference]] = {}
    for ref in refs:
        by_sentence.setdefault(ref.sentence, []).append(ref)
    pattern = _agent_re(lexicon)
    for sentence in sentences:
        if sentence.paragraph == 0:
            continue
        mine = sorted(by_sentence.get(sentence.index, ()), key=lambda r: r.start)
        for m in pattern.finditer(sentence.text):
            at = sentence.start + m.start()
            thing = next((r for r in reversed(mine) if r.end <= at and drafts[r.entity].kind != "person"
                          and _THING_GAP.fullmatch(text, r.end, at)), None)
            agents = _agents(text, mine, sentence.start + m.end(), drafts)
            if thing is None or not agents:
                continue
            aux = _THING_GAP.fullmatch(text, thing.end, at).group("aux").strip()
            present, past = lexicon.agent_roles[m.group("verb")]
            form = present if aux in _PRESENT_AUX or not aux else past
            for person in agents:
                if not person.role:
                    person.role = f"who {form} {thing.text}"


def _agents(text: str, refs: list[Reference], start: int, drafts: dict[str, Draft]) -> list[Draft]:
    """The people named from ``start`` on, one after another ("Thomas and Hugh Brennan")."""
    out: list[Draft] = []
    at = start
    for ref in refs:
        if ref.start < at:
            continue
        if ref.start != at or drafts[ref.entity].kind != "person" or ref.kind != "name":
            break
        if drafts[ref.entity] not in out:
            out.append(drafts[ref.entity])
        join = re.match(r"\s*(?:,\s*and|,|and)\s+", text[ref.end :])
        if join is None:
            break
        at = ref.end + join.end()
    return out
