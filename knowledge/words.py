"""Word forms both sides share: the article's words and the question's are folded the same way."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["stem"]

_SHORT_STEM = re.compile(r"[^aeiou][aeiou][^aeiouwxy]")  # "fin", "vot": a silent e was dropped before -ed, -ing


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: enough to fold plurals and verb forms, never a lemmatiser."""
    word = word.removesuffix("'s")
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl, min_len in (("ations", "at", 9), ("ation", "at", 8), ("ies", "y", 5), ("sses", "ss", 5),
                                  ("ing", "", 6), ("ied", "y", 5),
                                  ("eed", "ee", 5), ("ed", "", 5), ("es", "", 6), ("s", "", 4)):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "sses", "zes")):
                word = word[:-1]
                break
            word = word[: len(word) - len(suffix)] + repl
            if suffix in ("ed", "ing") and _SHORT_STEM.fullmatch(word):
                word += "e"  # "fined", "voting": the verbs are "fine" and "vote", not "fin" and "vot"
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "slzaeiou":
        word = word[:-1]  # planned -> plann -> plan
    return word.removesuffix("e") if len(word) > 4 else word
