"""Words related in general English, for a question word the article does not use.

People ask in their own words: "cops" for police, "hurt" for injured, "assault" for attack.  A
question word the article never uses is looked up here, and the article word closest to it in
meaning stands in for it, with a degree (0-1) saying how close: the ranking counts the stand-in
as that share of a match.  The table (``data/related_words.txt``) is exported from WordNet 3.0 by
``tools/export_related_words.py``; it knows no article.  Opposites (``data/opposite_words.txt``, WordNet's antonyms, exported by
``tools/export_opposite_words.py``) are the other side: a question asking about "the end" of
something where the sentence says "the beginning" is about what the sentence does not say.
"""

from __future__ import annotations

from collections.abc import Container
from functools import lru_cache
from pathlib import Path

from bot.engine.word_table import read_word_table

__all__ = ["MIN_DEGREE", "closest", "known_related", "opposite_terms", "related_terms"]

DATA_FILE = Path(__file__).parent / "data" / "related_words.txt"
OPPOSITES_FILE = Path(__file__).parent / "data" / "opposite_words.txt"
# Below this degree a stand-in is more often a different thing than the same one (measured on the
# public news, external and SQuAD sets: see the README's figures).
MIN_DEGREE = 0.5
# A stand-in counts as half a match at most: an unknown word is evidence the article cannot answer,
# a related one only weakens it (at 1.0 the dev set's unanswerable questions drop from 22/22 to 18/22
# declined; at 0.5 news gains the same answers but dev keeps 20/22).
SHARE = 0.5


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """term -> its unparsed line of related terms; lines are parsed only when looked up."""
    return read_word_table(DATA_FILE)


@lru_cache(maxsize=1)
def _opposites() -> dict[str, frozenset[str]]:
    return {term: frozenset(rest.split()) for term, rest in read_word_table(OPPOSITES_FILE).items()}


def opposite_terms(term: str) -> frozenset[str]:
    """The terms of a (folded) term's opposites ("end" -> "begin"); empty for none."""
    return _opposites().get(term, frozenset())


@lru_cache(maxsize=4096)
def related_terms(term: str) -> tuple[tuple[str, float], ...]:
    """The terms related to a (stemmed) term with their degrees, closest first; () for none."""
    out: list[tuple[str, float]] = []
    for item in _table().get(term, "").split():
        other, _, degree = item.rpartition(":")
        out.append((other, float(degree)))
    return tuple(out)


def closest(term: str, known: Container[str], minimum: float = MIN_DEGREE,
            canonical: dict[str, str] | None = None) -> tuple[str, float] | None:
    """The known term closest in meaning to ``term`` and the share of a match it counts as, or None.

    ``canonical`` rewrites a related term to the form the known terms use (synonym folding).
    """
    near = known_related(term, known, minimum, canonical)
    return near[0] if near else None


def known_related(term: str, known: Container[str], minimum: float = MIN_DEGREE,
                  canonical: dict[str, str] | None = None) -> tuple[tuple[str, float], ...]:
    """Every known term related to ``term`` at ``minimum`` or closer, with the share of a match
    each counts as, closest first.

    The closest one anywhere in the article need not be the one a given sentence uses: "hurt" is
    "injured" in one sentence and "wounded" in another, and either is the question's word.
    A word's opposite never stands in for it, whatever other sense links them (WordNet's verb
    "father" is a synonym of "mother"; "day" and "night" share a hypernym).
    """
    out: dict[str, float] = {}
    opposites = opposite_terms(term)
    for other, degree in related_terms(term):
        if degree < minimum:
            break
        other = canonical.get(other, other) if canonical else other
        if other in known and other not in out and other not in opposites:
            out[other] = degree * SHARE
    return tuple(out.items())
