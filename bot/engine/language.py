"""Normalising text for matching: one vocabulary for questions and article alike.

Questions arrive in chat spelling, with typos, curly quotes and @mentions; the article is edited
prose.  Both go through :class:`Language`, which rewrites them to lower-case canonical terms
(synonyms folded, words stemmed) so that "soldiers", "troops" and "Troop" compare equal.  All the
word lists are data: ``bot/engine/data/*.yaml`` for the question side, and
``knowledge/data/vocabulary.yaml`` for the lists the article side shares.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from knowledge.lexicon import read_vocabulary, verb_forms
from knowledge.words import stem
from knowledge.store import KnowledgeFileError, entry_error, read_yaml_data

__all__ = ["Language", "clean", "default_language", "stem"]

_QUESTION_WORD = re.compile(r" (?:who|whom|whose|what|which|when|where|why|how) ")


def _cue_at(found: re.Match[str], asks_at: int) -> bool:
    """Whether an answer-type cue found in the question asks: one opening with a question word only
    where the question's first question word stands."""
    return asks_at < 0 or found.start() == asks_at or not _QUESTION_WORD.match(found.group().split()[0].join("  "))


DATA_DIR = Path(__file__).parent / "data"
TERMS_REMEMBERED = 20_000  # texts whose terms are kept: a long article's sentences, spans and answers

_PUNCT_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
})
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_COMMAND = re.compile(r"^\s*/ask(?:@\w+)?\b", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w.])@\w+\b[:,]?")
_US = re.compile(r"\bU\.?S\.?(?=\s|[,;:?!]|$)")  # "the US" is a country, "us" a pronoun
_REPEATS = re.compile(r"([a-z])\1{2,}")
_TRIPLE = re.compile(r"([a-z])\1\1")  # what _REPEATS finds, found in half the time (no repeat to extend)
_THOUSANDS = re.compile(r"(?<=\d)[,\s](?=\d{3}\b)")
_WORD = re.compile(r"\d+(?:\.\d+)?(?![\d.]*[a-z])|[a-z0-9]+(?:'[a-z0-9]+)*")
_DIGIT = re.compile(r"\d")


def clean(text: str) -> str:
    """Fold Unicode, accents, quotes, case, @mentions, repeated lower-case letters and thousands separators.

    Every question passes here, and a regular expression substitution costs as much as reading
    several words; so each rewrite runs only when the text has what it needs (an "@", a "/", a "U",
    a digit, a letter three times), which ``in`` or a plain search finds faster.
    """
    text = unicodedata.normalize("NFKC", text)
    # ASCII text has no curly quote, dash or invisible character to fold: only the backtick
    text = text.replace("`", "'") if text.isascii() else text.translate(_PUNCT_FOLD)
    if not text.isprintable():
        text = _INVISIBLE.sub("", text)
    if "@" in text:  # "... @newsbot pls"
        text = _MENTION.sub(" ", text)
    if "/" in text:  # "/ask ..."
        text = _COMMAND.sub("", text)
    if "U" in text and not text.isupper():  # in a shouted message every "US" is a capitalised "us"
        text = _US.sub("usa", text)
    if not text.isascii():  # "Jerónimo" is typed "Jeronimo" too
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    # a letter typed three times over is a typo only in lower case: "sooo", not "Henry III" or "XXX"
    if _TRIPLE.search(text):  # a search costs half a substitution, and most texts have no "sooo"
        text = _REPEATS.sub(r"\1\1", text)
    text = text.lower()
    if _DIGIT.search(text):
        text = _THOUSANDS.sub("", text)
    return " ".join(text.split())  # the same whitespace as ``\s``: runs folded to one space, ends stripped


@dataclass(frozen=True, slots=True)
class Language:
    """Word lists and rewrite rules, compiled once."""

    chat_spellings: dict[str, str]
    irregular_forms: dict[str, str]
    stopwords: frozenset[str]
    synonyms: dict[str, str]
    synonym_heads: dict[str, int]  # a phrase's first word -> words in the longest phrase it starts
    answer_types: dict[str, tuple[str, ...]]
    # each kind's cues as one pattern, in order, with its one-word cues and the first two words of its
    # longer ones: a cue matches only whole words, so a kind none of whose openings the question has
    # is not scanned for
    answer_type_cues: tuple[tuple[str, frozenset[str], frozenset[tuple[str, ...]], re.Pattern[str]], ...]
    yes_no_openers: frozenset[str]
    followup_pronouns: frozenset[str]
    followup_openers: tuple[str, ...]
    another_words: frozenset[str]
    head_titles: dict[str, int]  # a head title -> its office (0: any head's title)
    head_verbs: frozenset[str]
    subordinate_words: frozenset[str]
    carry_openers: tuple[str, ...]
    singular_person_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    personal_pronouns: frozenset[str]
    question_words: frozenset[str]
    identity_words: frozenset[str]
    months: frozenset[str]
    number_words: dict[str, int]
    duration_units: frozenset[str]
    which_nouns: dict[str, frozenset[str]]
    which_pattern: re.Pattern[str]
    locative_prepositions: frozenset[str]
    object_prepositions: frozenset[str]
    speech_verbs: frozenset[str]
    opinion_words: frozenset[str]
    negations: frozenset[str]
    opposites: dict[str, frozenset[str]]
    derivational_suffixes: tuple[str, ...]
    filler: frozenset[str]
    chat_openers: tuple[str, ...]
    chat_closers: tuple[str, ...]
    demonstratives: frozenset[str]
    article_nouns: frozenset[str]
    money_cues: frozenset[str]
    age_words: frozenset[str]
    money_units: frozenset[str]
    # the terms of texts seen before: the article's sentences, spans and answers are read again and again
    _terms_seen: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _which_words: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)  # every which-noun
    # the words a chat opening starts with and a sign-off ends with: most messages have neither
    _chat_edges: tuple[frozenset[str], frozenset[str]] = field(
        default=(frozenset(), frozenset()), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_which_words", frozenset().union(*self.which_nouns.values()))
        object.__setattr__(self, "_chat_edges", (frozenset(p.split()[0] for p in self.chat_openers),
                                                 frozenset(p.split()[-1] for p in self.chat_closers)))

    @classmethod
    def load(cls, directory: Path = DATA_DIR) -> Language:
        """Read ``language.yaml`` and ``synonyms.yaml`` from a data directory."""
        lang = read_yaml_data(directory / "language.yaml")
        shared = read_vocabulary()
        derived = {"synonyms", "synonym_heads", "which_pattern", "answer_type_cues"}
        missing = sorted({f.name for f in fields(cls) if f.init} - derived - set(lang) - set(shared))
        if missing:
            raise KnowledgeFileError(f"{directory / 'language.yaml'}: missing field(s) {', '.join(missing)}")
        groups, expansion_data = _synonym_data(directory / "synonyms.yaml")
        expansions = {_normal(k): _normal(v) for k, v in expansion_data.items()}
        synonyms: dict[str, str] = {}
        for group in groups:
            canonical = _normal(group[0])
            for variant in group:
                synonyms.setdefault(_normal(variant), canonical)
        for word, phrase in expansions.items():
            synonyms[word] = synonyms.get(phrase, phrase) if " " not in phrase else " ".join(
                synonyms.get(w, w) for w in phrase.split())
        special = {
            "chat_spellings": {str(k).lower(): str(v).lower() for k, v in lang["chat_spellings"].items()},
            "irregular_forms": {str(k).lower(): str(v).lower() for k, v in shared["irregular_forms"].items()},
            "synonyms": synonyms,
            "synonym_heads": _phrase_heads(synonyms),
            "answer_types": {k: tuple(str(v).lower() for v in vs) for k, vs in lang["answer_types"].items()},
            "answer_type_cues": tuple(
                (k, frozenset(c for c in cues if " " not in c), frozenset(tuple(c.split(" ")[:2]) for c in cues if " " in c),
                 re.compile(" (?:" + "|".join(re.escape(c) for c in cues) + ")(?= )"))
                for k, cues in ((k, [str(v).lower() for v in vs]) for k, vs in lang["answer_types"].items()) if cues),
            "number_words": {str(k): int(v) for k, v in shared["number_words"].items()},
            "duration_units": frozenset(stem(str(u)) for u in shared["duration_units"]),
            "months": frozenset(str(m).lower() for m in (*shared["months"], *shared["month_abbreviations"])),
            "speech_verbs": frozenset(form.lower() for lemma, irregular in shared["speech_verbs"].items()
                                      for form in (lemma, *verb_forms(lemma, irregular)) if form.isalpha())
            | frozenset(str(w).lower() for w in lang["speech_words"]),
            "which_nouns": {k: frozenset(map(str, v)) for k, v in lang["which_nouns"].items()},
            # "which (non-European) countries", but not "what did the chancellor …": no verb in between
            "which_pattern": re.compile(r"\b(?:which|what)(?!\s+about\b)\s+(?:(?!(?:" + "|".join(
                sorted(map(re.escape, map(str, lang["yes_no_openers"])))) + r")\b)[\w'-]+\s+){0,2}?(" + "|".join(
                sorted({re.escape(str(n)) for ns in lang["which_nouns"].values() for n in ns}, key=len, reverse=True))
                + r")\b"),
            "head_titles": {str(w).lower(): office for office, titles in enumerate(lang["head_titles"])
                            for w in titles},
            **{name: tuple(sorted((str(p).lower() for p in lang[name]), key=lambda p: -p.count(" ")))
               for name in ("chat_openers", "chat_closers")},
            "opposites": _opposites([*lang["opposites"], *_series_pairs(lang.get("exclusive", []))]),
        }
        # every other field is a plain word list of the same name in language.yaml or the shared vocabulary
        lists: dict[str, object] = {}
        for each in fields(cls):
            if each.init and each.name not in special:
                words = [str(w).lower() for w in (lang[each.name] if each.name in lang else shared[each.name])]
                lists[each.name] = frozenset(words) if each.type.startswith("frozenset") else tuple(words)
        return cls(**special, **lists)

    def answer_type(self, words: list[str]) -> tuple[str, str | None]:
        """The kind of answer a question asks for (who, when, where, how_many, place, ... or what),
        and the noun that asked for it in "which X" questions."""
        joined = " " + " ".join(words) + " "
        # The first question word asks; a later one opens a relative clause ("what did the woman who
        # lives below say", "who said it is what the company makes"), so a cue that starts with a
        # question word counts only where the first one stands.
        first = _QUESTION_WORD.search(joined)
        asks_at = first.start() if first else -1
        tokens = joined.split(" ")  # the whole words a cue can match, and each with the next
        # "which X" needs a which-noun as a whole word (before any "'"): most questions have none, and
        # then the long pattern is not searched
        which = self.which_pattern.search(joined) if ("which" in joined or "what" in joined) and not \
            self._which_words.isdisjoint([t.partition("'")[0] for t in tokens]) else None  # its opening
        if which and (first is None or which.start() == asks_at + 1):
            noun = which.group(1)
            return next(kind for kind, nouns in self.which_nouns.items() if noun in nouns), noun
        pairs = set(zip(tokens, tokens[1:]))
        return next((kind for kind, single, double, cues in self.answer_type_cues
                     if not (single.isdisjoint(tokens) and pairs.isdisjoint(double))
                     and any(_cue_at(m, asks_at) for m in cues.finditer(joined))), "what"), None

    def is_calendar_date(self, phrase: str) -> bool:
        """Whether a time phrase names a date ("12 May 1999", "in 1755"), not just "Thursday"."""
        words = self.words(phrase)
        return any(w.isdigit() or w in self.months for w in words)

    def negated(self, words: list[str] | tuple[str, ...]) -> bool:
        """Whether the words deny something; "countries that don't send troops" only narrows a noun."""
        for i, word in enumerate(words):
            if word in self.negations and not any(w in ("that", "who", "which") for w in words[max(1, i - 3):i]):
                return True
        return False

    def words(self, text: str) -> list[str]:
        """Cleaned words with chat spellings expanded."""
        out: list[str] = []
        for word in _WORD.findall(clean(text)):
            word = self.chat_spellings.get(word, word)
            word = self.irregular_forms.get(word, word)
            out.extend(word.removesuffix("'s").split())
        return self._fold_numbers(out)

    def without_chatter(self, words: list[str]) -> list[str]:
        """The words less the chat openings and sign-offs around them ("hey bot, quick one: ... thanks");
        all of them when nothing else is said ("hi", "thanks": small talk)."""
        openings, endings = self._chat_edges
        if not words or (words[0] not in openings and words[-1] not in endings):
            return words
        start, end = 0, len(words)
        while start < end and words[start] in openings:
            n = _phrase_at(words[start:end], self.chat_openers, at_start=True)
            if not n:
                break
            start += n
        while start < end and words[end - 1] in endings:
            n = _phrase_at(words[start:end], self.chat_closers, at_start=False)
            if not n:
                break
            end -= n
        return words[start:end] if start < end else words

    def _fold_numbers(self, words: list[str]) -> list[str]:
        """Write runs of number words and digits as one number: "ten thousand" -> "10000", "1.5 million" -> "1500000"."""
        out: list[str] = []
        value: float | None = None
        number_words = self.number_words
        for word in [*words, ""]:
            if word.isalpha():  # no digit: only a number word ("ten") can be a number
                amount = number_words.get(word)
            else:
                amount = _number(word) if len(word) < 16 else None
                if amount is None:
                    amount = number_words.get(word)
            if amount is not None:
                value = value * amount if value and amount >= 100 else (value or 0) + amount if value else amount
                continue
            if value is not None:
                out.append(str(int(value)) if value == int(value) else str(value))
                value = None
            if word:
                out.append(word)
        return out

    def canonical(self, words: list[str]) -> str:
        """Words joined with every synonym phrase rewritten to its group's canonical form.

        At each word the longest phrase that is a synonym wins ("prime minister" before "minister").
        """
        out: list[str] = []
        i = 0
        heads, synonyms = self.synonym_heads, self.synonyms
        while i < len(words):
            word = words[i]
            if word not in heads:  # the common case: no synonym starts with this word
                out.append(word)
                i += 1
                continue
            for n in range(min(heads[word], len(words) - i), 0, -1):
                replacement = synonyms.get(" ".join(words[i:i + n]))
                if replacement is not None:
                    out.append(replacement)
                    i += n
                    break
            else:
                out.append(word)
                i += 1
        return " ".join(out)

    def terms(self, text: str) -> list[str]:
        """Content terms: canonical, stemmed, stopwords dropped, order kept, no repeats."""
        seen = self._terms_seen.get(text)
        if seen is None:
            if len(self._terms_seen) >= TERMS_REMEMBERED:
                self._terms_seen.clear()
            seen = self._terms_seen[text] = tuple(self.terms_of_words(self.words(text)))
        return list(seen)

    def terms_of_words(self, words: list[str]) -> list[str]:
        seen: dict[str, None] = {}
        stopwords, filler = self.stopwords, self.filler
        for word in self.canonical(words).split():
            if word not in stopwords and word not in filler:  # before stemming: "news" is not "new"
                seen.setdefault(stem(word), None)
        return list(seen)

    def numbers(self, words: list[str]) -> set[int]:
        """The numbers among already-folded words."""
        return {int(w) for w in words if w.isdigit() and len(w) < 16}


def _number(word: str) -> float | None:
    """A digit word's value ("12", "1.5"); None for anything else."""
    if word.isdigit():
        return int(word)
    whole, dot, fraction = word.partition(".")
    return float(word) if dot and whole.isdigit() and fraction.isdigit() else None


def _synonym_data(path: Path) -> tuple[list[list[str]], dict[str, str]]:
    """The synonym groups and expansions of ``synonyms.yaml``, every entry text: YAML reads a bare
    ``000`` as the number 0 and ``no`` as false, which would fold "zero" or "false" into a group."""
    data = read_yaml_data(path)
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise KnowledgeFileError(f"{path}: expected a mapping with a list of 'groups'")
    for i, group in enumerate(data["groups"]):
        if not isinstance(group, list) or not group:
            raise entry_error(path, f"groups[{i}]", "expected a list of words and phrases")
        for j, entry in enumerate(group):
            if not isinstance(entry, str):
                raise entry_error(path, f"groups[{i}][{j}]", f"{entry!r} is not text; quote it")
    expansions = data.get("expansions") or {}
    if not isinstance(expansions, dict):
        raise entry_error(path, "expansions", "expected a mapping of a word to the phrase it stands for")
    for word, phrase in expansions.items():
        if not isinstance(word, str) or not isinstance(phrase, str):
            raise entry_error(path, f"expansions.{word}", f"{word!r}: {phrase!r} is not text; quote it")
    return data["groups"], expansions


def _phrase_at(words: list[str], phrases: tuple[str, ...], at_start: bool) -> int:
    """How many words the first of ``phrases`` (longest first) that starts (or ends) the words has; 0: none."""
    for phrase in phrases:
        n = phrase.count(" ") + 1
        if " ".join(words[:n] if at_start else words[-n:]) == phrase and n <= len(words):
            return n
    return 0


def _phrase_heads(phrases) -> dict[str, int]:
    """Each phrase's first word -> the most words a phrase starting with it has."""
    heads: dict[str, int] = {}
    for phrase in phrases:
        words = phrase.split()
        if words:
            heads[words[0]] = max(heads.get(words[0], 1), len(words))
    return heads


def _series_pairs(series: list[list[str]]) -> list[list[str]]:
    """Every two words of each series ("first", "second", ...), as pairs of opposites."""
    return [[a, b] for words in series for i, a in enumerate(words) for b in words[i + 1:]]


def _opposites(pairs: list[list[str]]) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for left, right in pairs:
        table.setdefault(str(left), set()).add(str(right))
        table.setdefault(str(right), set()).add(str(left))
    return {word: frozenset(others) for word, others in table.items()}


def _normal(phrase: str) -> str:
    return " ".join(_WORD.findall(clean(phrase)))


@lru_cache(maxsize=1)
def default_language() -> Language:
    """The bundled word lists, loaded once per process."""
    return Language.load()
