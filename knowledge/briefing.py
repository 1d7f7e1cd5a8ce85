"""The briefing: three to five bullets with the key points and numbers, each backed by a sentence."""

from __future__ import annotations

from knowledge.model import BriefingPoint, Knowledge
from knowledge.qa import sentence_quote, short_clause

__all__ = ["make_briefing"]

MAX_POINTS = 5


def make_briefing(knowledge: Knowledge) -> tuple[BriefingPoint, ...]:
    """The lead, then the sentences carrying numbers, then one statement per speaker, in article order."""
    if len(knowledge.sentences) < 2:
        return ()
    chosen: list[int] = [1]
    by_kind = {kind: [f for f in knowledge.facts if f.kind == kind] for kind in ("number", "quote", "indirect", "claim")}
    speakers: set[str | None] = set()
    for fact in by_kind["number"] + by_kind["quote"] + by_kind["indirect"] + by_kind["claim"]:
        if len(chosen) >= MAX_POINTS:
            break
        if fact.sentence in chosen or (fact.kind != "number" and fact.subject in speakers):
            continue
        speakers.add(fact.subject)
        chosen.append(fact.sentence)
    chosen.extend(i for i in range(2, len(knowledge.sentences)) if i not in chosen and len(chosen) < 3)
    return tuple(_point(knowledge, index) for index in sorted(chosen))


def _point(knowledge: Knowledge, index: int) -> BriefingPoint:
    sentence = knowledge.sentences[index]
    return BriefingPoint(text=short_clause(sentence.text), quote=sentence_quote(sentence))
