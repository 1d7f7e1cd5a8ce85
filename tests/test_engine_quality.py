"""The engine on the bundled article, measured the way the project's scorer measures it.

The question set is a copy of the development set; the thresholds are the issue's bar.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml

from bot.engine.conversation import Conversation
from bot.engine.engine import Engine

SET = Path(__file__).parent / "data" / "dev_questions.yaml"
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def _norm(text: str) -> str:
    text = re.sub(r"(?<=\d),(?=\d{3})", "", (text or "").translate(_FOLD))
    return re.sub(r"\s+", " ", text).strip().lower()


def _supported(quote: str, supports: list[str]) -> bool:
    q = _norm(quote)
    for support in map(_norm, supports):
        m = difflib.SequenceMatcher(None, q, support, autojunk=False).find_longest_match(0, len(q), 0, len(support))
        if q and (m.size >= 0.6 * len(q) or m.size >= 0.8 * len(support)):
            return True
    return False


def _correct(entry: dict, reply, article: str) -> bool:
    if entry["kind"] == "unanswerable":
        return not reply.answered
    if not reply.answered:
        return False
    said = _norm(f"{reply.text} {reply.quote.text}")
    return (all(any(_norm(alt) in said for alt in group) for group in entry.get("must", []))
            and _supported(reply.quote.text, entry.get("support", []))
            and reply.quote.is_verbatim_in(article))


@pytest.fixture(scope="module")
def results(engine: Engine) -> list[tuple[dict, object, bool]]:
    out = []
    for entry in yaml.safe_load(SET.read_text(encoding="utf-8")):
        conversation = Conversation()
        for context in entry.get("context", []):
            _, conversation = engine.reply(context, conversation)
        reply, _ = engine.reply(entry["q"], conversation)
        out.append((entry, reply, _correct(entry, reply, engine.knowledge.text)))
    return out


def test_answerable_and_followup_questions_are_answered_correctly(results) -> None:
    answerable = [r for r in results if r[0]["kind"] != "unanswerable"]
    wrong = [e["q"] for e, _, ok in answerable if not ok]
    assert len(wrong) <= 0.05 * len(answerable), wrong


def test_unanswerable_questions_are_declined(results) -> None:
    unanswerable = [r for r in results if r[0]["kind"] == "unanswerable"]
    answered = [(e["q"], reply.text) for e, reply, ok in unanswerable if not ok]
    assert len(answered) <= 0.10 * len(unanswerable), answered


def test_at_most_two_wrong_confident_answers(results) -> None:
    wrong = [(e["q"], reply.text) for e, reply, ok in results if reply.answered and not ok]
    assert len(wrong) <= 2, wrong
