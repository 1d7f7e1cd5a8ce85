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
    unit = (rf"(?:-(?:{_alt(lexicon.compound_units)})s?(?:-(?:long|old))?|"
            rf"\s?(?-i:{_alt(lexicon.measure_units)})(?![\w/]))")
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
        if num[:1].isupper() and m.start() > 0 and re.match(r"[\s’'-]+[A-Z]", text[m.end() :]):
            continue  # part of a name: "the Seven Years' War", "Twenty Questions"
        measured = bool(unit) and not unit.startswith("-")
        counts = _measured(text, m.start(), unit, lexicon) if measured else _counts(
            text, m.end(), m.start(), bool(unit), lexicon)
        if not counts and out and re.search(rf"(?:{_alt(lexicon.comparison_words)})\s+$", text[: m.start()]):
            counts = out[-1].counts  # "60,000 settlers, compared with 2 million": the same settlers
        start = sentence.start + m.start()
        out.append(Amount(start, sentence.start + m.end(), m.group(), counts))
    return out


def _measured(text: str, start: int, unit: str, lexicon: Lexicon) -> str:
    """What a measurement measures: "a speed limit of 55 mph" -> speed limit; else the unit itself."""
    before = re.search(r"((?:[a-z][\w-]*\s+){1,4})of\s+(?:about\s+|around\s+|roughly\s+)?$", text[:start])
    if before:
        words = [w for w in before.group(1).split() if w.casefold() not in _stopwords(lexicon)
                 and w.casefold() not in ("a", "an", "the")]
        if words:
            return " ".join(words[-3:])
    return unit.strip()


@lru_cache(maxsize=4)
def _stopwords(lexicon: Lexicon) -> frozenset[str]:
    """The words that end what an amount counts, made once per lexicon (every amount asks)."""
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
        if word.casefold() in stop or (has_unit and words and not word[:1].isupper()) or (words and _verb(word, lexicon)):
            break  # "about 4,000 drivers used the road": what it counts is "drivers", not "drivers used"
        words.append(word)
        position = m.end()
        if len(words) == 3:
            break
    if words and words[-1] == "per":
        words.pop()
    money = re.match(r"(?:\w+\s+)*?[$€£¥]", text[start:end])
    if money and words and words[0][:1].isupper():
        words = []  # "the £11.5m City paid": a name after a sum is who paid it, not what it counts
    if words:
        return " ".join(words)
    changed = _changed(text, start, lexicon)
    if changed:
        return changed
    return "money" if money else _copula_subject(text[:start], lexicon)


def _verb(word: str, lexicon: Lexicon) -> bool:
    """A finite verb after the counted noun: a verb of the lexicon or a regular past form."""
    folded = word.casefold()
    return (folded in lexicon.action_verbs or folded in lexicon.stance_verbs or folded in lexicon.speech_verbs
            or folded in lexicon.past_forms or (folded.endswith("ed") and len(folded) >= 4))


_OF_PHRASE = frozenset({"at", "in", "of", "for", "from", "on"})
_DETERMINER = re.compile(r"(?i:the|a|an|its|their|his|her|our|this|that|these|those)$")


def _changed(text: str, start: int, lexicon: Lexicon) -> str:
    """What a change verb before the amount changed: "its quarterly profit fell by 38%" -> quarterly profit,
    "Shares in X fell 7%" -> shares in X."""
    m = re.search(r"(?P<np>(?:[\w’'-]+\s+){1,5}?)(?P<verb>[a-z]+)\s+(?:by\s+)?$", text[:start])
    if m is None or m.group("verb") not in lexicon.change_verbs:
        return ""
    before = m.group("np").split()
    while before and before[-1].casefold() in lexicon.verb_gap_words:
        before.pop()  # "profit has fallen"
    words: list[str] = []
    for k in range(len(before) - 1, -1, -1):  # the noun phrase back to a determiner, clause opener or comma
        bare = before[k].rstrip(",;:")
        if _DETERMINER.fullmatch(bare) and k > 0 and before[k - 1].casefold() in _OF_PHRASE and words:
            words.insert(0, bare)  # "profits at the retailer": the determiner of a prepositional phrase
            continue
        if bare != before[k] or bare.casefold() in lexicon.clause_openers | lexicon.verb_gap_words or _DETERMINER.fullmatch(bare):
            break
        words.insert(0, bare)
    if not words:
        return ""
    if start - len(m.group()) == 0 and not words[0].isupper() and (len(words) == 1 or not words[1][:1].isupper()):
        words[0] = words[0][:1].lower() + words[0][1:]  # "Shares in X fell": capitalised only as the first word
    return " ".join(words)


def _copula_subject(before: str, lexicon: Lexicon) -> str:
    """In "the crowd could be ... 5,000", the noun phrase before the copula."""
    words = _WORD.findall(before)
    for i in range(len(words) - 1, max(0, len(words) - 3), -1):  # the copula just before the amount
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


_YEAR = r"(?:1\d{3}|20\d{2})"
_ERA = r"(?:\s+(?:BC|BCE|AD|CE)\b)?"


@lru_cache(maxsize=4)
def _time_re(lexicon: Lexicon) -> re.Pattern[str]:
    """One pattern for every time expression; alternatives run from most to least specific."""
    months, days, units = _alt(lexicon.months), _alt(lexicon.weekdays), _alt(lexicon.time_units)
    prep = rf"(?:(?i:{_alt(lexicon.time_prepositions)})\s+)"
    year = _YEAR + _ERA
    ordinal = r"\d{1,2}(?:st|nd|rd|th)"
    numeral = rf"(?:\d+|a\s+few|several|a|an|(?i:{_alt(lexicon.number_words - {'half'})}))"
    day_month = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{months})(?:,?\s+{year})?"
    month_day = rf"(?:{months})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{year})?"
    month = rf"(?:(?:early|late|mid)[\s-]+)?(?:{months})"
    date = rf"(?:{day_month}|{month_day}|{month}(?:\s+{year})?|{year})"
    part = (rf"(?:the\s+)?(?:(?i:{_alt(lexicon.time_part_modifiers)})\s+)?(?i:{_alt(lexicon.time_parts)})"
            rf"\s+of\s+(?:the\s+)?")
    years = rf"{year}(?:\s*[–—-]\s*(?:{_YEAR}|\d{{2}})\b{_ERA}|(?:,\s*{_YEAR})*,?\s+(?:and|or|to)\s+{year})?"
    decade = r"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:1\d|20)\d0s"
    century = (rf"(?:the\s+)?(?:(?:first|second|last|latter)\s+half\s+of\s+the\s+|(?:early|late|mid)[\s-]+)?"
               rf"{ordinal}(?:\s+(?:and|or|to)\s+(?:the\s+)?{ordinal})?[\s-]+centur(?:y|ies){_ERA}")
    not_counted = (r"(?!\s+(?:(?!(?:was|has|is|as|this|his|its|saw|towards)\b)[a-z]+s|people|men|women|children)\b)")
    parts = [
        # "the last week of February 1974", "the second half of next year"
        rf"{prep}?{part}(?:{date}|year|{decade}|{century}|(?i:{_alt(lexicon.time_anchors)})\s+(?i:{units}))",
        (rf"(?:(?:[Ff]rom|[Bb]etween)\s+)?{prep}?(?:{day_month}|{month_day})"
         rf"(?:\s+(?:to|and|until)\s+(?:{day_month}|{month_day}|\d{{1,2}}))?"),
        rf"{prep}?{century}",
        rf"{prep}?{decade}",
        rf"(?:[Ff]rom|[Bb]etween)\s+{year}\s+(?:to|and|until)\s+{year}",
        rf"{prep}?{month}\s+{year}",
        rf"{prep}{month}",
        rf"(?:{prep}|\(){years}{not_counted}",
        rf"(?i:{_alt(lexicon.time_edges)})\s+(?i:{units})(?:\s+of\s+{year})?",
        rf"(?i:{_alt(lexicon.time_anchors)})\s+(?i:{units})",
        rf"{numeral}\s+(?i:{_alt(lexicon.time_plural_units)}|{units})\s+(?:later|earlier|ago)",
        rf"(?i:{_alt(lexicon.time_relative)})",
        rf"(?:{days})(?:\s+(?:morning|afternoon|evening|night))?",
        rf"{years}{not_counted}",
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in parts) + r")(?![\w-])")


_BARE_YEAR = re.compile(_YEAR + _ERA)


def _names_year(text: str, at: int, phrase: str, lexicon: Lexicon) -> bool:
    """Whether a bare year ends a name ("the Scotland Act 1998", "Euro 2020"): it follows a capitalised word
    that is no time word.  It dates the name, not what the clause says was done."""
    if not _BARE_YEAR.fullmatch(phrase):
        return False
    word = re.search(r"(?<![(\w])([A-Z][\w'’-]*)\s+$", text[:at])  # "(Myhill 1960)" cites a work of 1960
    return bool(word) and word.start() > 0 and word.group(1) not in (*lexicon.months, *lexicon.weekdays)


def find_times(sentence: Sentence, lexicon: Lexicon) -> list[TimeExpression]:
    """Time expressions in a sentence, longest first where they overlap; a year that ends a name is none."""
    found: list[TimeExpression] = []
    for m in _time_re(lexicon).finditer(sentence.text):
        phrase = m.group().lstrip("(")
        if _names_year(sentence.text, m.end() - len(phrase), phrase, lexicon):
            continue
        start = sentence.start + m.end() - len(phrase)
        found.append(TimeExpression(start, sentence.start + m.end(), phrase))
    return found
