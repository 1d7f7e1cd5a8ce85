"""The evidence the answer/decline decision weighs, as named numbers.

Every old veto and gate is here as a degree, not a rule: how much of the question the best
candidate's sentence lacks (weighted by rarity, split into words the article uses elsewhere, names
and numbers), how much of it only related words stand in for, whether the sentence denies what
the question asks or says the opposite of one of its words, how well the answer fits the kind of question, the margin to the runner-up and
whether the two say different things.  The fitted model (:mod:`bot.engine.decision`) learns what
each is worth; ``tools/fit_decision.py`` computes the very same numbers through :func:`features`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.engine.language import Language
from bot.engine.ranking import ANSWERS_TYPE, ARTICLE_KINDS, Match
from bot.engine.reader import Question
from bot.engine.spelling import english_frequencies
from bot.engine.structure import STRUCTURE_FEATURES, Reading, read_question, read_text, structure_evidence

__all__ = ["FEATURES", "Said", "answer_text", "features", "read_answer"]

ANSWER_TYPES = ("what", "who", "when", "how_many", "where", "why")  # the rest share one feature
FEATURES = (
    "score", "coverage", "similarity", "literal", "span", "salience", "type_fit", "made_for_type",
    "margin", "disagree", "disagree_margin", "runner_coverage", "contradicted", "unknown", "missing", "missing_known",
    "order", "numbers_missing", "article_kind", "yes_no", "names_entity", "asks_source_name", "terms",
    "answer_fits", "answer_words", "answer_is_sentence", "typed_score",
    "absent", "absent_known", "absent_unmatched", "absent_proper", "absent_count", "absent_number",
    "soft_mass", "denied", "unknown_rarest", "unknown_capitalised", "margin_other",
    "clears_old_gates", "focus", "echo", "adjacent", "opposed",
    "denied_near", "swapped_modifier", "number_rival", *STRUCTURE_FEATURES,
    *(f"type_{t}" for t in ANSWER_TYPES), "type_other",
)


@dataclass(frozen=True, slots=True)
class Said:
    """An answer or quote text read once: its words, numbers and content terms, where each term
    first stands among them (what :func:`_adjacent` reads of a quote) and its reading for the
    structure evidence (:mod:`bot.engine.structure`)."""

    words: tuple[str, ...]
    numbers: frozenset[int]
    terms: frozenset[str]
    reading: Reading = field(compare=False)
    positions: dict[str, int] = field(default_factory=dict, compare=False)


def read_answer(language: Language, text: str) -> Said:
    """An answer text's words, numbers and content terms."""
    words = language.words(text)
    terms = language.terms_of_words(words)
    return Said(tuple(words), frozenset(language.numbers(words)), frozenset(terms), read_text(language, text, words),
                {t: i for i, t in enumerate(terms)})


def _disagree(first: Said, second: Said) -> bool:
    """Whether two answers differ in substance: different numbers, or no content word in common."""
    if first.numbers and second.numbers:
        return not first.numbers & second.numbers
    return not first.terms & second.terms


def answer_text(match: Match) -> str:
    """What the reply would say: the sentence span's label, or the pair's answer line."""
    return match.span.label if match.span else match.pair.answer


_NAMED = re.compile(r"(?<![.!?] )(?<!^)\b[A-Z][a-z]")
_CAPITALISED_WORD = re.compile(r"(?<!^)\b[A-Z][\w'-]*")
NO_UNKNOWN_ZIPF = 8.0  # above any word's frequency: "nothing unknown" reads as "only common words unknown"


def _unknown_words(question: Question, language: Language) -> tuple[float, float]:
    """How common the rarest question word the article never uses is (Zipf scale, 0: not English),
    and the share of such words written with a capital inside the question (names).

    "the man who lives above the shop" leaves out a common word; "Zelensky" a name the article
    would have used; the model weighs them apart.
    """
    if not question.unknown:
        return NO_UNKNOWN_ZIPF, 0.0
    unknown = frozenset(question.unknown)
    capitalised = {w.lower() for w in _CAPITALISED_WORD.findall(question.text.strip())}
    frequencies = english_frequencies()
    rarest, named, seen = NO_UNKNOWN_ZIPF, 0, set()
    for word in question.words:
        for term in language.terms_of_words([word]):
            if term in unknown and term not in seen:
                seen.add(term)
                rarest = min(rarest, frequencies.get(word, 0.0))
                named += word in capitalised
    return rarest, named / len(unknown)

NO_PAIRS = 0.5  # no two neighbouring question terms are in the sentence: nothing said either way


def _adjacent(question_terms: Sequence[str], position: dict[str, int]) -> float:
    """Of the question's neighbouring content terms the sentence has (``position``: where each of its
    terms stands), the share it has side by side.

    "famed for their Christian spirit" against "famed for their martial spirit and their Christian
    piety": every word is there, but not the phrase; the sentence says something else.
    """
    pairs = [(a, b) for a, b in zip(question_terms, question_terms[1:]) if a in position and b in position]
    if not pairs:
        return NO_PAIRS
    return sum(abs(position[b] - position[a]) <= 2 for a, b in pairs) / len(pairs)


def _echo(question: Question, answer: Said) -> float:
    """The share of the answer's content terms the question already has (an answer adds what is asked)."""
    if not answer.terms:
        return 0.0
    return len(answer.terms.intersection(question.terms)) / len(answer.terms)


CURRENCY_SIGNS = "€£$¥₹"
NUMBER_TYPES = frozenset({"how_many", "when", "date"})
NAME_TYPES = frozenset({"who", "name", "person", "organisation", "where", "place"})


def _answer_fits(language: Language, question: Question, text: str, words: tuple[str, ...]) -> float:
    """Whether the answer has what its kind of question asks for: a number, a date, a name, a sum of
    money for "how much did it cost?" (0, 0.5 or 1)."""
    answer_type = question.answer_type
    if answer_type == "how_many" and language.money_cues.intersection(question.words):
        return float(any(sign in text for sign in CURRENCY_SIGNS) or bool(language.money_units.intersection(words)))
    if answer_type in NUMBER_TYPES:
        has = any(w[:1].isdigit() for w in words) or any(w in language.months for w in words)
        return 1.0 if has else 0.0
    if answer_type in NAME_TYPES:
        return 1.0 if _NAMED.search(text) or text[:1].isupper() and len(words) <= 4 else 0.0
    return 0.5


def _clears_old_gates(values: dict[str, float]) -> float:
    """Whether the evidence clears the minimum gates the engine used to apply as rules (1 or 0).

    Their levels were set by hand on the bundled article's dev set; as one feature among the
    others the model weighs what they are worth elsewhere.
    """
    if values["asks_source_name"] or values["contradicted"]:
        return 0.0
    if values["article_kind"]:
        return float(values["similarity"] >= 0.75 or values["score"] >= 0.5
                     or (values["similarity"] >= 0.6 and values["coverage"] >= 0.5))
    if values["disagree"] and values["margin"] <= 0.01 and values["runner_coverage"] >= 0.6:
        return 0.0
    return float(values["score"] >= 0.5 and values["coverage"] >= (0.65 if values["span"] else 0.6))


@lru_cache(maxsize=64)
def _type_values(answer_type: str) -> dict[str, float]:
    """The ``type_*`` features of an answer type, made once per type, not once per question (never changed)."""
    values = {f"type_{kind}": float(answer_type == kind) for kind in ANSWER_TYPES}
    values["type_other"] = float(answer_type not in ANSWER_TYPES)
    return values


def features(question: Question, ranked: Sequence[Match], language: Language, sources: frozenset[str] = frozenset(),
             read: Callable[[str], Said] | None = None) -> dict[str, float]:
    """The evidence for answering with ``ranked[0]``, as named numbers (see :data:`FEATURES`).

    ``sources`` are the entities that are anonymous sources: asked for their name, the article
    cannot give it.  ``read`` reads an answer text (a caller may remember its readings).
    """
    read = read or (lambda text: read_answer(language, text))
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    margin = best.score - runner.score if runner else best.score
    disagree = runner is not None and best.pair.quote.start != runner.pair.quote.start \
        and _disagree(read(answer_text(best)), read(answer_text(runner)))
    # a runner-up quoting the same sentence is another reading of one answer, not a rival to it
    rival = next((m for m in ranked[1:] if m.pair.quote.start != best.pair.quote.start), None)
    made_for = ANSWERS_TYPE.get(question.answer_type, (frozenset(), ""))[0]
    text = answer_text(best)
    rarest, named = _unknown_words(question, language)
    quote = read(best.pair.quote.text)
    values = {
        "score": best.score, "coverage": best.coverage, "similarity": best.similarity, "literal": best.literal,
        "span": float(best.span is not None), "salience": best.span.salience if best.span else 0.0,
        "type_fit": best.type_fit, "made_for_type": float(best.pair.kind in made_for), "margin": margin,
        "disagree": float(disagree), "disagree_margin": float(disagree) * margin,
        "runner_coverage": runner.coverage if runner else 0.0,
        "contradicted": float(best.contradicted), "unknown": best.unknown, "missing": best.missing,
        "missing_known": best.missing_known, "order": best.order,
        "numbers_missing": float(min(best.numbers_missing, 2)), "article_kind": float(best.pair.kind in ARTICLE_KINDS),
        "yes_no": float(question.yes_no), "names_entity": float(bool(question.entities)),
        "asks_source_name": float(question.answer_type == "name" and bool(question.entities & sources)),
        "terms": math.log1p(len(question.terms)),
        "answer_fits": _answer_fits(language, question, text, read(text).words),
        "answer_words": math.log1p(len(text.split())),
        "answer_is_sentence": float(len(text) >= 0.8 * len(best.pair.quote.text)),
        "typed_score": best.score * float(question.answer_type not in ("what", "why") and not question.yes_no),
        "absent": best.absent, "absent_known": best.absent_known, "absent_unmatched": best.absent_unmatched,
        "absent_proper": best.absent_proper, "absent_count": float(min(best.absent_count, 3)),
        "absent_number": float(best.absent_number), "soft_mass": best.soft_mass, "denied": float(best.denied),
        "unknown_rarest": rarest, "unknown_capitalised": named,
        "margin_other": best.score - rival.score if rival else best.score, "focus": best.focus,
        "echo": _echo(question, read(text)),
        "adjacent": _adjacent(question.terms, quote.positions),
        "opposed": float(best.opposed), "denied_near": float(best.denied_near),
        "swapped_modifier": best.swapped_modifier, "number_rival": float(best.number_rival),
    }
    values.update(structure_evidence(read_question(language, question), quote.reading,
                                     language.negations, question.yes_no))
    values.update(_type_values(question.answer_type))
    values["clears_old_gates"] = _clears_old_gates(values)
    return values
