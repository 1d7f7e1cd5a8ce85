"""Amounts ("over 40,000 members", "a three-day stoppage") and time expressions ("last week").

An amount keeps its value as written, modifiers included, and what it counts: the noun after it,
"per X" included, or for a bare amount ("the crowd could be north of 5,000") the noun phrase the
copula links it to.  Years and the numbers inside dates are time, not amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.lexicon import Lexicon
from knowledge.model import Sentence

__all__ = ["Amount", "TimeExpression", "find_amounts", "find_times"]


@dataclass(frozen=True, slots=True)
class Amount:
    """A number in the text: ``value`` as written and the noun it ``counts``; offsets absolute."""

    start: int
    end: int
    value: str
    counts: str


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression as written, with absolute offsets."""

    start: int
    end: int
    text: str


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def _amount_re(lexicon: Lexicon) -> re.Pattern[str]:
    word = _alt(lexicon.number_words - {"one"})
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    scale = r"(?:\s*(?:hundred|thousand|million|billion|trillion|bn|m|k)\b)?"
    number = (rf"(?:(?:{_alt(lexicon.number_vague)})(?:\s+(?:hundred|thousand|million|billion))?|"
              rf"[$€£¥]?(?:{digits})(?:\s*%|\s+per\s?cent)?{scale}|(?:{word})(?:[\s-](?:{word}|and))*)")
    unit = rf"(?:-(?:{_alt(lexicon.duration_units)})s?(?:-(?:long|old))?)"
    return re.compile(rf"(?<![\w,.-])(?:(?P<mod>{_alt(lexicon.number_modifiers)})\s+)?"
                      rf"(?P<num>{number}|(?:one|a|an|\d+))(?P<unit>{unit})?(?![\w%-])", re.IGNORECASE)


def find_amounts(sentence: Sentence, lexicon: Lexicon) -> list[Amount]:
    """Amounts in a sentence, with what each counts."""
    months = _alt(lexicon.months)
    out: list[Amount] = []
    text = sentence.text
    for m in _amount_re(lexicon).finditer(text):
        num, unit = m.group("num"), m.group("unit") or ""
        if num.casefold() in ("one", "a", "an", "many") and not unit:
            continue
        if not unit and not m.group("mod") and re.fullmatch(r"1\d{3}|20\d{2}", num):
            continue  # a year
        around = text[max(0, m.start() - 12) : m.end() + 12]
        if re.search(rf"(?:{months})\s+{re.escape(num)}\b|\b{re.escape(num)}\s+(?:{months})", around):
            continue  # part of a date
        counts = _counts(text, m.end(), m.start(), bool(unit), lexicon)
        start = sentence.start + m.start()
        out.append(Amount(start, sentence.start + m.end(), m.group(), counts))
    return out


def _stopwords(lexicon: Lexicon) -> frozenset[str]:
    return (lexicon.sentence_starters | lexicon.copulas | lexicon.verb_gap_words | lexicon.clause_openers
            | set(lexicon.speech_verbs) | set(lexicon.stance_verbs) | set(lexicon.action_verbs)) - {"people"}


_WORD = re.compile(r"[A-Za-z][\w’'-]*")


def _counts(text: str, end: int, start: int, has_unit: bool, lexicon: Lexicon) -> str:
    """The noun an amount counts: the words after it, else the subject its copula links it to."""
    stop = _stopwords(lexicon)
    rest = text[end:] if has_unit else re.sub(r"^\s+of(?=\s)", "", text[end:])
    words: list[str] = []
    position = 0
    for m in _WORD.finditer(rest):
        word = m.group()
        if rest[position : m.start()] != " ":
            break
        if words and words[-1] == "per":
            words.append(word)
            break
        if word.casefold() in stop or (has_unit and words and not word[:1].isupper()):
            break
        words.append(word)
        position = m.end()
        if len(words) == 3:
            break
    if words and words[-1] == "per":
        words.pop()
    if words:
        return " ".join(words)
    money = re.match(r"(?:\w+\s+)*?[$€£¥]", text[start:end])
    return "money" if money else _copula_subject(text[:start], lexicon)


def _copula_subject(before: str, lexicon: Lexicon) -> str:
    """In "the crowd could be ... 5,000", the noun phrase before the copula."""
    words = _WORD.findall(before)
    for i in range(len(words) - 1, 0, -1):
        if words[i].casefold() in lexicon.copulas:
            j = i
            while j > 0 and words[j - 1].casefold() in lexicon.copulas:
                j -= 1
            phrase = []
            for w in reversed(words[max(0, j - 3) : j]):
                if w.casefold() in lexicon.sentence_starters or w.casefold() in lexicon.clause_openers:
                    break
                phrase.insert(0, w)
            return " ".join(phrase)
    return ""


@lru_cache(maxsize=4)
def _time_re(lexicon: Lexicon) -> re.Pattern[str]:
    months, days, units = _alt(lexicon.months), _alt(lexicon.weekdays), _alt(lexicon.time_units)
    ordinal = r"\d{1,2}(?:st|nd|rd|th)"
    parts = [
        rf"(?:(?i:{_alt(lexicon.time_edges)})\s+(?i:{units}))",
        rf"(?:(?i:{_alt(lexicon.time_anchors)})\s+(?i:{units}))",
        rf"(?:\b(?i:{_alt(lexicon.time_relative)}))",
        rf"(?:(?:[Oo]n\s+)?\d{{1,2}}\s+(?:{months})(?:\s+\d{{4}})?)",
        rf"(?:(?:[Oo]n\s+)?(?:{months})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*\d{{4}})?)",
        rf"(?:(?:[Ii]n\s+)?(?:{months})\s+\d{{4}})",
        (r"(?:(?:[Ii]n\s+)?the\s+(?:(?:first|second|last)\s+half\s+of\s+the\s+|(?:early|late|mid)[\s-]+)?"
         rf"{ordinal}(?:\s+and\s+{ordinal})?\s+centur(?:y|ies))"),
        (r"(?:(?:[Ii]n|[Ss]ince|[Bb]efore|[Aa]fter|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring)\s+(?:the\s+)?"
         r"(?:(?:early|late|mid)[\s-]+)?(?:1\d{3}|20\d{2})s?)"),
        rf"(?:\b(?:{days})(?:\s+(?:morning|afternoon|evening|night))?)",
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def find_times(sentence: Sentence, lexicon: Lexicon) -> list[TimeExpression]:
    """Time expressions in a sentence, longest first where they overlap."""
    found: list[TimeExpression] = []
    for m in _time_re(lexicon).finditer(sentence.text):
        start = sentence.start + m.start()
        found.append(TimeExpression(start, sentence.start + m.end(), m.group()))
    return found
