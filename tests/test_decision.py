"""The answer/decline decision: a probability from fitted trees over named evidence, one threshold."""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path

import pytest

from bot.engine.conversation import Conversation
from bot.engine.decision import FEATURES, DecisionModel, default_model
from bot.engine.engine import Engine
from bot.engine.features import features
from bot.loading import load_engine
from knowledge.build import build_knowledge
from knowledge.store import KnowledgeFileError

BRIDGE = """Council approves new bridge over the Wendle | Local | News
The Harbury council approved a new bridge over the River Wendle on Monday.
The bridge will cost 40 million pounds, according to the council's budget.
Engineers said the bridge would not open before 2029.
Local shop owners welcomed the decision and said trade would grow."""


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "decision.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_bundled_model_weighs_only_known_features() -> None:
    model = default_model()
    assert set(model.features) <= set(FEATURES) and model.trees
    assert 0.0 < model.threshold < 1.0


def test_every_feature_is_computed_for_a_ranked_question(engine) -> None:
    question, ranked = engine.rank(engine.reader.read("what did lavrov say?"), Conversation())
    values = features(question, ranked, engine.language)
    assert set(values) == set(FEATURES)


def test_confidence_is_the_models_probability_of_the_evidence(engine) -> None:
    question, ranked = engine.rank(engine.reader.read("what did lavrov say?"), Conversation())
    reply, _ = engine.reply("what did lavrov say?")
    expected = default_model().probability(engine.decider.features(question, ranked))
    assert reply.answered and reply.confidence == pytest.approx(expected)


def test_a_question_the_article_cannot_answer_gets_low_confidence(engine) -> None:
    reply, _ = engine.reply("what is the capital of peru?")
    assert not reply.answered and reply.confidence < default_model().threshold


def test_a_tree_sends_a_value_at_its_threshold_to_the_left(tmp_path: Path) -> None:
    tree = [0, 0.5, -2.0, [1, 0.3, 1.0, 3.0]]
    model = DecisionModel.load(_write(tmp_path, {"features": ["score", "coverage"], "base": 0.0,
                                                 "threshold": 0.5, "trees": [tree, 0.5]}))
    assert model.probability({"score": 0.5, "coverage": 0.9}) == pytest.approx(1 / (1 + 2.718281828 ** 1.5))
    assert model.probability({"score": 0.6, "coverage": 0.2}) == pytest.approx(1 / (1 + 2.718281828 ** -1.5))
    assert model.probability({"score": 0.6, "coverage": 0.9}) == pytest.approx(1 / (1 + 2.718281828 ** -3.5))


def _walk(tree, values: dict[str, float], names: list[str]) -> float:
    while isinstance(tree, list):
        tree = tree[2] if values.get(names[tree[0]], 0.0) <= tree[1] else tree[3]
    return tree


def test_trees_sharing_splits_sum_to_the_same_float_as_walking_them_one_by_one(tmp_path: Path) -> None:
    """Trees whose splits are alike share one comparison: the total must not change by a bit."""
    import random

    rng = random.Random(3)
    names = ["score", "coverage", "margin"]

    def tree(depth: int):
        if depth == 0 or rng.random() < 0.2:
            return rng.uniform(-1, 1) / 3
        return [rng.randrange(3), rng.choice([0.25, 0.5, rng.random()]), tree(depth - 1), tree(depth - 1)]

    trees = [tree(3) for _ in range(60)] + [0.1]
    model = DecisionModel.load(_write(tmp_path, {"features": names, "base": 0.2, "threshold": 0.5, "trees": trees}))
    for _ in range(200):
        values = {name: rng.choice([0.25, 0.5, rng.random()]) for name in names if rng.random() < 0.9}
        z = 0.0
        for each in trees:
            z += _walk(each, values, names)
        assert model.probability(values) == 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, 0.2 + z))))


def test_a_model_file_without_trees_is_one_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path, {"features": ["score"], "base": 0.0, "threshold": 0.5})
    with pytest.raises(KnowledgeFileError, match="not a decision model"):
        DecisionModel.load(path)


def test_a_tree_naming_a_feature_the_model_lacks_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, {"features": ["score"], "base": 0.0, "threshold": 0.5, "trees": [[3, 0.5, 0.0, 1.0]]})
    with pytest.raises(KnowledgeFileError, match="not a tree node"):
        DecisionModel.load(path)


def test_a_model_with_an_unknown_feature_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, {"features": ["shoe_size"], "base": 0.0, "threshold": 0.5, "trees": []})
    with pytest.raises(KnowledgeFileError, match="shoe_size"):
        DecisionModel.load(path)


@pytest.fixture(scope="module")
def bridge() -> Engine:
    return Engine(build_knowledge(BRIDGE))


def _evidence(engine: Engine, text: str) -> dict[str, float]:
    question, ranked = engine.rank(engine.reader.read(text), Conversation())
    assert ranked, text
    return engine.decider.features(question, ranked)


def test_a_question_word_the_sentence_lacks_is_absent_evidence(bridge) -> None:
    full = _evidence(bridge, "How much will the bridge cost?")
    swapped = _evidence(bridge, "How much will the bridge repairs cost?")
    assert full["absent"] == 0.0 and full["absent_count"] == 0.0
    assert swapped["absent"] > 0.0 and swapped["absent_count"] == 1.0


def test_a_word_the_article_never_uses_is_not_counted_as_known(bridge) -> None:
    values = _evidence(bridge, "How much will the bridge zorbify cost?")
    assert values["absent"] > 0.0 and values["absent_known"] == 0.0


def test_a_sentence_denying_what_the_question_asks_is_flagged(bridge) -> None:
    assert _evidence(bridge, "When will the bridge open, according to engineers?")["denied"] == 1.0
    assert _evidence(bridge, "How much will the bridge cost?")["denied"] == 0.0


def test_a_number_the_sentence_lacks_is_flagged(bridge) -> None:
    assert _evidence(bridge, "Who said the bridge would cost 55 million pounds?")["absent_number"] == 1.0
    assert _evidence(bridge, "Who said the bridge would cost 40 million pounds?")["absent_number"] == 0.0


def test_a_model_survives_pickling_with_the_same_probabilities() -> None:
    """Engines are built in a worker process and sent back: the model must cross."""
    model = default_model()
    values = {name: 0.5 for name in model.features}
    copy = pickle.loads(pickle.dumps(model))
    assert copy.probability(values) == model.probability(values) and copy.threshold == model.threshold


def test_question_words_the_sentence_has_apart_are_not_its_phrase(bridge) -> None:
    together = _evidence(bridge, "Did the council approve a new bridge?")
    apart = _evidence(bridge, "Did Monday approve the Wendle council?")
    assert together["adjacent"] == 1.0 and apart["adjacent"] == 0.0


def test_an_answer_that_repeats_the_question_is_an_echo(bridge) -> None:
    assert _evidence(bridge, "How much will the bridge cost?")["echo"] == 0.0
    assert _evidence(bridge, "What did engineers say about the bridge?")["echo"] > 0.0


DEPOTS = """Bus drivers to strike at every depot | Local | News
The union said about 300 drivers per depot would be sent to the picket lines.
A spokesman said a significant number of depots would send drivers."""


def test_a_rate_counts_what_comes_before_its_per() -> None:
    """ "300 drivers per depot" counts drivers: it does not answer how many depots."""
    engine = Engine(build_knowledge(DEPOTS))
    question, ranked = engine.rank(engine.reader.read("how many depots will send drivers?"), Conversation())
    assert ranked and "300" not in engine.answer(question, ranked[0], 1.0)[0].text
    question, ranked = engine.rank(engine.reader.read("how many drivers per depot will be sent?"), Conversation())
    assert "300" in engine.answer(question, ranked[0], 1.0)[0].text


def test_a_sum_of_money_is_what_a_how_much_cost_question_asks_for(bridge) -> None:
    assert _evidence(bridge, "How much will the bridge cost?")["answer_fits"] == 1.0
    depots = Engine(build_knowledge(DEPOTS))
    assert _evidence(depots, "How much will the drivers be paid?")["answer_fits"] == 0.0
    assert _evidence(depots, "How many drivers per depot will be sent?")["answer_fits"] == 1.0
