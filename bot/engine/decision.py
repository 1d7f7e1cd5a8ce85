"""Answer or decline: one learned decision over the evidence for the best candidate.

The ranking stage has already weighed every candidate; this stage reads the evidence of the best
one and its runner-up (:mod:`bot.engine.features`) and turns it into the probability that
answering with it is right.  That probability is the reply's ``confidence``, and an answer needs
it to reach the threshold.  There are no hand gates: the model is a sum of small decision trees
(gradient boosting on the log-odds) fitted across many articles by ``tools/fit_decision.py``,
which also chose the threshold on articles the model was not fitted on.  The trees, the
threshold and the held-out figures live in ``data/decision.json``; evaluating the model is a few
hundred comparisons, no model framework.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from bot.engine.features import FEATURES, Said, features, read_answer
from bot.engine.language import Language
from bot.engine.ranking import Match
from bot.engine.reader import Question
from knowledge.model import Knowledge
from knowledge.store import KnowledgeFileError

__all__ = ["FEATURES", "MODEL_FILE", "Decider", "Decision", "DecisionModel", "Tree", "default_model"]

MODEL_FILE = Path(__file__).parent / "data" / "decision.json"

# A tree is a leaf (its log-odds) or a split: [feature index, threshold, tree if <=, tree if >].
Tree = float | list


def _checked_tree(tree: object, features: int) -> Tree:
    """The tree as read, or ValueError when it is not one over ``features`` features."""
    if isinstance(tree, (int, float)) and not isinstance(tree, bool):
        return float(tree)
    if isinstance(tree, list) and len(tree) == 4 and isinstance(tree[0], int) and 0 <= tree[0] < features:
        return [tree[0], float(tree[1]), _checked_tree(tree[2], features), _checked_tree(tree[3], features)]
    raise ValueError(f"not a tree node: {str(tree)[:40]}")


def _compiled(trees: Sequence[Tree], names: Sequence[str]) -> Callable[[dict[str, float]], float]:
    """The trees' summed leaves as one Python function of the evidence (every one of ``names``).

    Walking 200 trees node by node costs about 0.2 ms a question, a third of the engine's whole
    budget; as straight-line comparisons it is about a tenth of that.  Boosting splits on the same
    few features at the same thresholds again and again, so trees whose next split is the same
    share one comparison (for the model fitted in December 2026, under a third of the comparisons
    are left).  Each tree's leaf goes to a local of its own and the leaves are added in the trees'
    order at the end: the very float that walking the trees one by one gives.  Only the features
    a split uses are read, each into a local once.  The source holds only the checked trees'
    integers and floats and the feature names, which are checked against :data:`FEATURES`.
    """
    lines = ["def total(values):"]
    used: set[int] = set()

    def emit(branches: list[tuple[int, Tree]], indent: str) -> None:
        alike: dict[tuple[int, float], list[tuple[int, list]]] = {}
        for number, tree in branches:
            if isinstance(tree, float):
                lines.append(f"{indent}t{number} = {tree!r}")
            else:
                alike.setdefault((tree[0], tree[1]), []).append((number, tree))
        for (feature, threshold), group in alike.items():
            used.add(feature)
            lines.append(f"{indent}if v{feature} <= {threshold!r}:")
            emit([(number, tree[2]) for number, tree in group], indent + "    ")
            lines.append(f"{indent}else:")
            emit([(number, tree[3]) for number, tree in group], indent + "    ")

    emit(list(enumerate(trees)), "    ")
    lines[1:1] = [f"    v{i} = values[{names[i]!r}]" for i in sorted(used)]
    leaves = [f"t{number}" for number in range(len(trees))]
    lines.append("    z = 0.0")
    for at in range(0, len(leaves), 50):  # in the trees' order; a few lines, not one deep expression
        lines.append("    z = z + " + " + ".join(leaves[at:at + 50]))
    lines.append("    return z")
    namespace: dict[str, Callable[[dict[str, float]], float]] = {}
    exec(compile("\n".join(lines), "<decision trees>", "exec"), namespace)  # noqa: S102 (numbers and checked names)
    return namespace["total"]


@dataclass(frozen=True, slots=True)
class DecisionModel:
    """Boosted trees over named features: log-odds ``base`` plus each tree's leaf, and the threshold."""

    features: tuple[str, ...]
    base: float
    trees: tuple[Tree, ...]
    threshold: float
    _total: Callable[[dict[str, float]], float] = field(init=False, repr=False, compare=False)
    _absent: dict[str, float] = field(init=False, repr=False, compare=False)  # a feature not given is 0

    def __post_init__(self) -> None:
        unknown = sorted(set(self.features) - set(FEATURES))
        if unknown:
            raise ValueError(f"decision model: unknown feature(s) {', '.join(unknown)}")
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"decision model: threshold {self.threshold} is not a probability")
        object.__setattr__(self, "_total", _compiled(self.trees, self.features))
        object.__setattr__(self, "_absent", dict.fromkeys(self.features, 0.0))

    def __reduce__(self) -> tuple:
        """Pickled as its data (an engine built in another process): the compiled function is rebuilt."""
        return DecisionModel, (self.features, self.base, self.trees, self.threshold)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> DecisionModel:
        """Read the fitted model; a malformed file is a one-line error naming it."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            names = tuple(str(n) for n in data["features"])
            return cls(features=names, base=float(data["base"]), threshold=float(data["threshold"]),
                       trees=tuple(_checked_tree(t, len(names)) for t in data["trees"]))
        except OSError as exc:
            raise KnowledgeFileError(f"{path}: cannot read the decision model ({exc.strerror})") from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise KnowledgeFileError(f"{path}: not a decision model ({exc})") from None

    def probability(self, values: dict[str, float]) -> float:
        """The probability that an answer with this evidence is right."""
        if not values.keys() >= self._absent.keys():
            values = {**self._absent, **values}
        z = self.base + self._total(values)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def default_model() -> DecisionModel:
    """The bundled fitted model, read once per process."""
    return DecisionModel.load()


class Decision(NamedTuple):
    """The match to answer with, or None to decline; ``ranked`` is kept for suggestions.

    ``confidence`` is the probability that answering with the best match is right.  A named tuple,
    made once per message, for the cost of making one (as :class:`~bot.engine.ranking.Match`).
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
        self._said: dict[str, Said] = {}  # an article has a fixed set of answers: read each once

    def _read(self, text: str) -> Said:
        said = self._said.get(text)
        if said is None:
            said = self._said[text] = read_answer(self.language, text)
        return said

    def features(self, question: Question, ranked: Sequence[Match]) -> dict[str, float]:
        """The evidence for answering with ``ranked[0]`` (see :func:`bot.engine.features.features`)."""
        return features(question, ranked, self.language, self.sources, self._read)

    def decide(self, question: Question, ranked: Sequence[Match]) -> Decision:
        """Answer with the best match when its confidence reaches the threshold."""
        if not ranked:
            return Decision(None, ())
        confidence = self.model.probability(self.features(question, ranked))
        answers = confidence >= self.model.threshold
        return Decision(ranked[0] if answers else None, tuple(ranked), confidence)
