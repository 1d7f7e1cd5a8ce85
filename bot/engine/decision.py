"""Answer or decline: a decision over the evidence for the best candidate, never a new ranking.

The ranking stage has already weighed every candidate; this stage reads the evidence of the best
one and its runner-up (coverage, phrasing, what the sentence lacks, type fit, contradiction, the
margin between them ...) as named numbers.  A logistic model fitted across many articles
(``tools/fit_decision.py``) turns them into the probability that the answer is right: that is the
reply's ``confidence``, and an answer needs it to reach the fitted threshold.  The evidence must
also pass the minimum gates (score, coverage, no contradiction, not torn between two answers):
their levels were set by hand on the bundled article's dev set, and they stay until the learned
model alone is as precise on held-out articles (it is not yet: see the figures in
``data/decision.yaml``).  All the numbers live in that file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.engine.language import Language
from bot.engine.ranking import ANSWERS_TYPE, ARTICLE_KINDS, Match
from bot.engine.reader import Question
from knowledge.model import Knowledge
from knowledge.store import KnowledgeFileError, read_yaml_data

__all__ = ["FEATURES", "Decider", "Decision", "DecisionModel", "Gates", "features"]

MODEL_FILE = Path(__file__).parent / "data" / "decision.yaml"
ANSWER_TYPES = ("what", "who", "when", "how_many", "where", "why")  # the rest share one feature
FEATURES = (
    "score", "coverage", "similarity", "literal", "span", "salience", "type_fit", "made_for_type",
    "margin", "disagree", "disagree_margin", "runner_coverage", "contradicted", "unknown", "missing", "missing_known",
    "order", "numbers_missing", "article_kind", "yes_no", "names_entity", "asks_source_name", "terms",
    "answer_fits", "answer_words", "answer_is_sentence", "typed_score",
    *(f"type_{t}" for t in ANSWER_TYPES), "type_other",
)


@dataclass(frozen=True, slots=True)
class _Said:
    """An answer text read once: its words, numbers and content terms."""

    words: tuple[str, ...]
    numbers: frozenset[int]
    terms: frozenset[str]


def _disagree(first: _Said, second: _Said) -> bool:
    """Whether two answers differ in substance: different numbers, or no content word in common."""
    if first.numbers and second.numbers:
        return not first.numbers & second.numbers
    return not first.terms & second.terms


def _read(language: Language, text: str) -> _Said:
    words = language.words(text)
    return _Said(tuple(words), frozenset(language.numbers(words)), frozenset(language.terms_of_words(words)))


def _answer_text(match: Match) -> str:
    return match.span.label if match.span else match.pair.answer


_NAMED = re.compile(r"(?<![.!?] )(?<!^)\b[A-Z][a-z]")
NUMBER_TYPES = frozenset({"how_many", "when", "date"})
NAME_TYPES = frozenset({"who", "name", "person", "organisation", "where", "place"})


def _answer_fits(language: Language, answer_type: str, text: str, words: tuple[str, ...]) -> float:
    """Whether the answer has what its kind of question asks for: a number, a date, a name (0, 0.5 or 1)."""
    if answer_type in NUMBER_TYPES:
        has = any(w[:1].isdigit() for w in words) or any(w in language.months for w in words)
        return 1.0 if has else 0.0
    if answer_type in NAME_TYPES:
        return 1.0 if _NAMED.search(text) or text[:1].isupper() and len(words) <= 4 else 0.0
    return 0.5


def features(question: Question, ranked: Sequence[Match], language: Language,
             sources: frozenset[str] = frozenset(), read: Callable[[str], _Said] | None = None) -> dict[str, float]:
    """The evidence for answering with ``ranked[0]``, as named numbers (see :data:`FEATURES`).

    ``sources`` are the entities that are anonymous sources: asked for their name, the article
    cannot give it.  ``read`` reads an answer text (a :class:`Decider` remembers its readings).
    """
    read = read or (lambda text: _read(language, text))
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    margin = best.score - runner.score if runner else best.score
    disagree = runner is not None and best.pair.quote.start != runner.pair.quote.start \
        and _disagree(read(_answer_text(best)), read(_answer_text(runner)))
    made_for = ANSWERS_TYPE.get(question.answer_type, (frozenset(), ""))[0]
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
        "answer_fits": _answer_fits(language, question.answer_type, _answer_text(best),
                                    read(_answer_text(best)).words),
        "answer_words": math.log1p(len(_answer_text(best).split())),
        "answer_is_sentence": float(len(_answer_text(best)) >= 0.8 * len(best.pair.quote.text)),
        "typed_score": best.score * float(question.answer_type not in ("what", "why") and not question.yes_no),
    }
    for kind in ANSWER_TYPES:
        values[f"type_{kind}"] = float(question.answer_type == kind)
    values["type_other"] = float(question.answer_type not in ANSWER_TYPES)
    return values


@dataclass(frozen=True, slots=True)
class Gates:
    """Minimum evidence for any answer (set by hand on the dev set; see the module docstring)."""

    score: float
    coverage: float
    span_coverage: float  # a phrase picked out of a sentence needs the sentence to be about the question
    torn_margin: float  # two different answers closer than this: the question does not pick one
    gist_similarity: float  # "tl;dr?" has no content words, only a familiar shape
    gist_similarity_with_coverage: float
    gist_coverage: float

    def passed(self, values: dict[str, float]) -> bool:
        """Whether the evidence clears every gate."""
        if values["asks_source_name"] or values["contradicted"]:
            return False  # an anonymous source has no name to give; the sentence says the opposite
        if values["article_kind"]:
            return values["similarity"] >= self.gist_similarity or values["score"] >= self.score or (
                values["similarity"] >= self.gist_similarity_with_coverage and values["coverage"] >= self.gist_coverage)
        if values["disagree"] and values["margin"] <= self.torn_margin and values["runner_coverage"] >= self.coverage:
            return False
        needed = self.span_coverage if values["span"] else self.coverage
        return values["score"] >= self.score and values["coverage"] >= needed


@dataclass(frozen=True, slots=True)
class DecisionModel:
    """A logistic model over :data:`FEATURES`: weights per feature, a bias and the decline threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float
    gates: Gates

    def __post_init__(self) -> None:
        unknown = sorted(set(self.weights) - set(FEATURES))
        if unknown:
            raise ValueError(f"decision model: unknown feature(s) {', '.join(unknown)}")
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"decision model: threshold {self.threshold} is not a probability")

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> DecisionModel:
        """Read the fitted model; a malformed file is a one-line error naming it."""
        data = read_yaml_data(path)
        try:
            return cls(weights={str(k): float(v) for k, v in data["weights"].items()},
                       bias=float(data["bias"]), threshold=float(data["threshold"]),
                       gates=Gates(**{str(k): float(v) for k, v in data["gates"].items()}))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise KnowledgeFileError(f"{path}: not a decision model ({exc})") from None

    def probability(self, values: dict[str, float]) -> float:
        """The probability that an answer with this evidence is right."""
        z = self.bias + sum(w * values.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def default_model() -> DecisionModel:
    """The bundled fitted model, read once per process."""
    return DecisionModel.load()


@dataclass(frozen=True, slots=True)
class Decision:
    """The match to answer with, or None to decline; ``ranked`` is kept for suggestions.

    ``confidence`` is the probability that answering with the best match is right.
    """

    answer: Match | None
    ranked: tuple[Match, ...]
    confidence: float = 0.0


class Decider:
    """Decides whether the best match answers the question; pure per call."""

    def __init__(self, knowledge: Knowledge, language: Language, model: DecisionModel | None = None) -> None:
        self.language = language
        self.sources = frozenset(e.id for e in knowledge.entities if e.kind == "source")
        self.model = model or default_model()
        self._said: dict[str, _Said] = {}  # an article has a fixed set of answers: read each once

    def _read(self, text: str) -> _Said:
        said = self._said.get(text)
        if said is None:
            said = self._said[text] = _read(self.language, text)
        return said

    def features(self, question: Question, ranked: Sequence[Match]) -> dict[str, float]:
        """The evidence for answering with ``ranked[0]`` (see :func:`features`)."""
        return features(question, ranked, self.language, self.sources, self._read)

    def decide(self, question: Question, ranked: Sequence[Match]) -> Decision:
        """Answer with the best match when its evidence passes the gates and its confidence the threshold."""
        if not ranked:
            return Decision(None, ())
        values = self.features(question, ranked)
        confidence = self.model.probability(values)
        answers = confidence >= self.model.threshold and self.model.gates.passed(values)
        return Decision(ranked[0] if answers else None, tuple(ranked), confidence)
