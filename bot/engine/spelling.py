"""Typo correction against general English and the article's own words.

A word is corrected only when it is not a real word (or a very rare one) and one typing slip away
from a word that is far more common, or that the article uses: "waht" -> "what", "hwo" -> "who",
"victm" -> "victim".  A real word stays itself, even when it looks like an article word
("patients" is not "patents").  Frequencies come from ``data/english_words.txt`` (exported from
wordfreq by ``tools/export_words.py``).
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.engine.word_table import read_word_table

__all__ = ["Speller", "english_frequencies"]

DATA_FILE = Path(__file__).parent / "data" / "english_words.txt"
MIN_LENGTH = 3  # "sed", "hwo": shorter words are too ambiguous to correct
# Zipf units (log10 of uses per billion words) by which a correction must be commoner than the typed
# word: 2.0 means a hundred times as common.  A word the article uses needs only to be one slip away.
MORE_COMMON_BY = 2.0
REAL_WORD = 3.5  # a word this common is never a typo, whatever it is one slip from
COMMON = 3.0  # only a word this common (once in a million) is a correction from general English
LONG_WORD = 8  # from this length two slips are allowed, towards the article's own words only
# "gettin", "nothin": a dropped final g is a spelling, not a word, when the -ing form is this many Zipf
# units commoner (1.45 keeps "thin", "raisin" and "bobbin" themselves: the closest real words below it)
DROPPED_G_BY = 1.45
WORDS_REMEMBERED = 2_000  # typed words whose correction is kept per article (a few hundred KB at most)


@lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """Zipf frequency of each of the 50,000 commonest plain English words, read once per process."""
    return {word: float(zipf) for word, zipf in read_word_table(DATA_FILE).items()}


@lru_cache(maxsize=1)
def _english_shelves() -> dict[tuple[str, int], list[str]]:
    return _shelve(w for w, zipf in english_frequencies().items() if zipf >= COMMON)


def _shelve(words) -> dict[tuple[str, int], list[str]]:
    """Words by first letter and length: a typing slip keeps the first letter and changes the length by one at most."""
    shelves: dict[tuple[str, int], list[str]] = {}
    for word in words:
        shelves.setdefault((word[:1], len(word)), []).append(word)
    return shelves


class Speller:
    """Corrects words towards general English and one article's vocabulary; built once per article."""

    def __init__(self, article_words: Collection[str], frequencies: dict[str, float] | None = None) -> None:
        self.frequencies = english_frequencies() if frequencies is None else frequencies
        self.article_words = frozenset(article_words)
        self._english = _english_shelves() if frequencies is None else _shelve(
            w for w, zipf in self.frequencies.items() if zipf >= COMMON)
        self._article = _shelve(self.article_words)
        self._corrected: dict[str, str] = {}  # the same slips recur: each word is worked out once

    def correct(self, word: str) -> str:
        """The word a typed word was meant to be; the word itself when it is real or no fix is sure."""
        known = self._corrected.get(word)
        if known is None:
            if len(self._corrected) >= WORDS_REMEMBERED:
                self._corrected.clear()
            known = self._corrected[word] = self._correction(word)
        return known

    def _one_slip(self, word: str) -> list[str]:
        """Known words one deletion, swap of neighbours, replacement or insertion away."""
        near: list[str] = []
        for shelves in (self._article, self._english):
            for length in (len(word) - 1, len(word), len(word) + 1):
                shelf = shelves.get((word[:1], length), ())
                near += (w for w, _, _ in process.extract(word, shelf, scorer=OSA.distance, processor=None,
                                                          score_cutoff=1, limit=None))
        swapped = word[1:2] + word[:1] + word[2:]  # "hwo": the one slip that changes the first letter
        if swapped in self.article_words or self.frequencies.get(swapped, 0.0) >= COMMON:
            near.append(swapped)
        return near

    def _correction(self, word: str) -> str:
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self.article_words:
            return word
        own = self.frequencies.get(word, 0.0)
        if word.endswith("in") and len(word) >= 4 and self.frequencies.get(word + "g", 0.0) - own >= DROPPED_G_BY:
            return word + "g"
        if own >= REAL_WORD:
            return word
        near = self._one_slip(word)
        if near:
            # a letter left out or two swapped is the commonest slip ("wher" is "where" before "when");
            # then the article's words come first, the question being about the article; then the commoner
            best = max(near, key=lambda w: (_left_out_or_swapped(word, w), w in self.article_words,
                                            self.frequencies.get(w, 0.0), w))
            if best in self.article_words or self.frequencies[best] - own >= MORE_COMMON_BY:
                return best
            return word
        if own > 0.0 or len(word) < LONG_WORD:
            return word
        shelf = [w for n in range(len(word) - 2, len(word) + 3) for w in self._article.get((word[:1], n), ())]
        found = process.extractOne(word, shelf, scorer=OSA.distance, processor=None, score_cutoff=2)
        return found[0] if found else word


def _left_out_or_swapped(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with one letter left out or two neighbouring letters swapped."""
    if len(word) == len(typed) + 1:
        return any(word[:i] + word[i + 1:] == typed for i in range(len(word)))
    return len(word) == len(typed) and any(
        word[:i] + word[i + 1] + word[i] + word[i + 2:] == typed for i in range(len(word) - 1))
