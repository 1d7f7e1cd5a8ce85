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
LETTERS = "abcdefghijklmnopqrstuvwxyz"
DOUBLE_TYPED_ONCE = 3  # the likeliest slip of :func:`_common_slip`


def _key_neighbours() -> dict[str, str]:
    """Each letter's neighbours on a QWERTY keyboard: beside it, and the keys touching it in the
    rows above and below (staggered by about half a key)."""
    rows = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    out: dict[str, str] = {}
    for r, row in enumerate(rows):
        for c, key in enumerate(row):
            near = {row[j] for j in (c - 1, c + 1) if 0 <= j < len(row)}
            for other in (r - 1, r + 1):
                if 0 <= other < len(rows):
                    near |= {rows[other][j] for j in (c - 1, c, c + 1) if 0 <= j < len(rows[other])}
            out[key] = "".join(sorted(near))
    return out


KEY_NEIGHBOURS = _key_neighbours()


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
        near += (w for w in _first_letter_slips(word)
                 if w in self.article_words or self.frequencies.get(w, 0.0) >= COMMON)
        return near

    def _correction(self, word: str) -> str:
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self.article_words:
            return word
        own = self.frequencies.get(word, 0.0)
        if word.endswith("in") and len(word) >= 4 and self.frequencies.get(word + "g", 0.0) - own >= DROPPED_G_BY:
            return word + "g"
        if own >= REAL_WORD:
            return word
        near = [w for w in self._one_slip(word)
                if w in self.article_words or self.frequencies[w] - own >= MORE_COMMON_BY]
        if near:
            # a letter left out, two swapped or a key's neighbour hit is the commonest slip ("wher" is
            # "where" before "when", "sau" is "say" as much as "saul"), and a double letter typed once
            # the commonest of all ("sory" is "sorry", not "story"); then the article's words come
            # first, the question being about the article; then the commoner slips ("thos" is
            # "those" before "this"); then the commoner word
            def likelihood(w: str) -> tuple:
                slip = _common_slip(word, w)
                return slip > 0, slip == DOUBLE_TYPED_ONCE, w in self.article_words, slip, self.frequencies.get(w, 0.0), w
            return max(near, key=likelihood)
        if own > 0.0 or len(word) < LONG_WORD:
            return word
        shelf = [w for n in range(len(word) - 2, len(word) + 3) for w in self._article.get((word[:1], n), ())]
        found = process.extractOne(word, shelf, scorer=OSA.distance, processor=None, score_cutoff=2)
        return found[0] if found else word


def _first_letter_slips(word: str) -> list[str]:
    """The slips that change a word's first letter, which the shelves (by first letter) miss:
    "hwo" (swapped), "qho" (a neighbouring key), "tstarmer" (a key too many), "tarmer" (one left out)."""
    out = [word[1:2] + word[:1] + word[2:], word[1:]]
    out += (key + word[1:] for key in KEY_NEIGHBOURS.get(word[:1], ""))
    out += (letter + word for letter in LETTERS)
    return out


def _common_slip(typed: str, word: str) -> int:
    """How common the slip from ``word`` to ``typed`` is: 3 for a double letter typed once ("sory" is
    "sorry" before "story"), 2 for another letter left out or two neighbouring letters swapped, 1 for
    a letter typed with the key beside it, 0 for any other."""
    if len(word) == len(typed) + 1:
        left_out = [i for i in range(len(word)) if word[:i] + word[i + 1:] == typed]
        return 0 if not left_out else DOUBLE_TYPED_ONCE if any(word[i:i + 2] == word[i] * 2 for i in left_out) else 2
    if len(word) != len(typed):
        return 0
    differ = [i for i in range(len(word)) if word[i] != typed[i]]
    if len(differ) == 1:
        return 1 if typed[differ[0]] in KEY_NEIGHBOURS.get(word[differ[0]], "") else 0
    swapped = len(differ) == 2 and differ[1] == differ[0] + 1 and \
        word[differ[0]] == typed[differ[1]] and word[differ[1]] == typed[differ[0]]
    return 2 if swapped else 0
