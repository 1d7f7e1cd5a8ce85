"""Shorten a sentence cleanly: drop the parts a briefing can do without, never cut mid-clause.

Each step removes a whole, self-contained piece of the sentence — a leading connective ("But"),
an age between commas (", 52,"), a non-restrictive relative clause (", who joined in 2001,"), a second
description of someone whose role comes before the name ("Party leader Jo Li, the 45-year-old
councillor for Riverside, said"), a trailing clause (", adding that ...") — so what is left still
reads as the sentence it came from.
Nothing is ever cut at an arbitrary word and no "…" is added: when no step fits, the sentence stays
whole.  Pieces holding an unbalanced quotation mark are never removed.
"""

from __future__ import annotations

import re

from knowledge.people import load_people_words

__all__ = ["shorten"]

_CONNECTIVE = re.compile(r"^(?:But|And|However|Meanwhile|Yet|Still|Instead|Nonetheless|Separately),?\s+")
_AGE = re.compile(r"(?<=[A-Za-z]),\s+\d{1,3}(?:(?=,\s+(?:who|which|whose)\b)|,(?=\s))")
_RELATIVE = re.compile(r",\s+(?:who|which|whose)\s+[^,;]*?,(?=\s)")
# (not ", leaving ...": "..., leaving the 31-year-old with a fractured skull" is what the deed did, the news itself)
# "Liberal Democrat leader Simon Okoro, the 45-year-old councillor for Riverside, said": a second description
# of someone whose role comes before the name already
_APPOSITION = re.compile(r"\b(?P<role>[a-z]+)\s+(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+(?P<aside>,\s+(?:the|a|an)\s+"
                         r"[^,;“”\"]{1,60}?,)(?=\s)")
_TRAILING = re.compile(r",\s+(?:adding|saying|noting|citing|which|who|as|while|whereas|although|though|"
                       r"after|before|because|according)\b[^;]*$")
_SECOND_CLAUSE = re.compile(r";\s+|\s[–—-]\s|,\s+(?:but|while|whereas|although|though)\s+")
_LEADING_PHRASE = re.compile(r"^(?:Speaking|Writing|Asked|Responding|Addressing|Interviewed)\b[^,“”\"]*,\s+")
_QUOTE_MARKS = re.compile(r"[“”\"]")


def shorten(text: str, limit: int) -> str:
    """``text`` with whole pieces removed, in order, until it fits ``limit`` characters (or no
    piece is left to remove).  The light touches (connective, age) always apply."""
    text = " ".join(text.split())
    without = _CONNECTIVE.sub("", text)
    text = _capitalise(without) if without != text else text
    text = _AGE.sub("", text)
    for step in (_drop_leading_phrase, _drop_relatives, _drop_second_description, _drop_trailing, _first_clause):
        if len(text) <= limit:
            break
        text = step(text)
    return _closed(text)


def _drop_leading_phrase(text: str) -> str:
    shorter = _remove(text, _LEADING_PHRASE.search(text), "")
    return _capitalise(shorter) if shorter != text else text


def _drop_relatives(text: str) -> str:
    while True:
        shorter = _remove(text, _RELATIVE.search(text), "")
        if shorter == text:
            return text
        text = shorter


def _drop_second_description(text: str) -> str:
    nouns = load_people_words().person_nouns
    for found in _APPOSITION.finditer(text):
        if found.group("role") in nouns:
            aside = found.start("aside")
            return text[:aside] + text[found.end("aside"):]
    return text


def _drop_trailing(text: str) -> str:
    match = _TRAILING.search(text.rstrip("."))
    if match is None or match.start() < 40:
        return text
    return _remove(text, match, "", to_end=True)


def _first_clause(text: str) -> str:
    match = next((m for m in _SECOND_CLAUSE.finditer(text) if m.start() >= 40), None)
    return _remove(text, match, "", to_end=True)


def _remove(text: str, match: re.Match[str] | None, replacement: str, to_end: bool = False) -> str:
    """``text`` without the matched piece (to the end of the text with ``to_end``), unless the piece
    would leave a quotation mark unbalanced."""
    if match is None:
        return text
    end = len(text) if to_end else match.end()
    piece = text[match.start():end]
    if len(_QUOTE_MARKS.findall(piece)) % 2:
        return text
    return text[:match.start()] + replacement + text[end:]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _closed(text: str) -> str:
    """The text ending as a sentence does: a full stop unless it already ends in one or a quote."""
    text = text.rstrip(" ,;:–—-")
    if text.endswith(("”", '"')) and len(text) > 1 and text[-2] in ".!?":
        return text
    return text if text.endswith((".", "!", "?")) else text + "."
