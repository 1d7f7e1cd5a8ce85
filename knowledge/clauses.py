"""Clause boundaries inside a sentence, and a view of the sentence with quoted words masked.

Verbs and subjects are looked for in the narrative only: masking the inside of quotations keeps
"Let the guns fall silent" from being read as something the narrator says happened.
"""

from __future__ import annotations

import re

from knowledge.model import Sentence
from knowledge.quotations import Quotation

__all__ = ["clause_at", "masked"]

MASK = "\u2591"  # a non-word character of the same length as what it hides
_BOUNDARY = re.compile(
    r";|\s[–—]\s|,\s+(?=(?:while|but|and|as|after|which|who|although|though|whereas|with|including|"
    r"so|because|before|when|where)\b)|,\s+(?=(?:in|of|by|for|with|to|from|on|at|under|through|during)\s+"
    r"(?:which|whom|whose)\b)|\s(?=(?:while|after|as|because|before|since|although|though|"
    r"whereas|until|unless|when|which|that|where)\s)"
)


def masked(sentence: Sentence, quotations: tuple[Quotation, ...]) -> str:
    """The sentence text with the words inside quotation marks replaced by MASK characters."""
    chars = list(sentence.text)
    for q in quotations:
        lo = max(q.content_start, sentence.start) - sentence.start
        hi = min(q.content_start + len(q.text), sentence.end) - sentence.start
        for i in range(max(lo, 0), max(hi, 0)):
            chars[i] = MASK
    return "".join(chars)


def clause_at(text: str, position: int) -> tuple[int, int]:
    """Start and end (within ``text``) of the clause around ``position``, without the opener word
    and trailing punctuation."""
    start, end = 0, len(text)
    for m in _BOUNDARY.finditer(text):
        if m.end() <= position:
            start = m.end()
        elif m.start() >= position:
            end = m.start()
            break
    opener = re.match(r"\s*(?:while|but|and|as|after|which|who|although|though|whereas|so|because|before|"
                      r"since|until|unless|when|that|where)\s+", text[start:end])
    if opener and start + opener.end() <= position:
        start += opener.end()
    while end > start and text[end - 1] in " ,.;:!?":
        end -= 1
    while start < end and text[start] in " ,":
        start += 1
    return start, end
