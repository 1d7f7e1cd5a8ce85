"""`briefbot eval` verdicts: the ones the project's scorer gives, one rule each."""

from __future__ import annotations

import pytest

from bot.engine.reply import DECLINE_TEXT, Reply
from bot.evaluation import judge
from knowledge.model import Quote

ARTICLE = "The council approved the new library on Monday. It will open in 2027, the mayor said."
SENTENCE = "The council approved the new library on Monday."
ENTRY = {"id": "l1", "q": "who approved the library?", "kind": "answerable", "must": [["council"]],
         "answer_mustnot": ["mayor"], "support": [SENTENCE]}


def _answer(text: str, quote: str) -> Reply:
    return Reply(kind="answer", text=text, quote=Quote(quote, 0, len(quote)), confidence=0.9)


@pytest.mark.parametrize(("entry", "reply", "verdict"), [
    (ENTRY, _answer("The council.", SENTENCE), "ok"),
    (ENTRY, Reply(kind="decline", text=DECLINE_TEXT), "declined"),
    (ENTRY, _answer("The library.", "It will open in 2027, the mayor said."), "wrong-fact"),
    (ENTRY, _answer("The council and the mayor.", SENTENCE), "wrong-fact"),
    (ENTRY, _answer("The council.", "It will open in 2027, the council said."), "wrong-quote"),
    (ENTRY, _answer("The council.", "The council approved the new library on a Monday."), "quote-not-verbatim"),
    ({**ENTRY, "kind": "unanswerable"}, _answer("The council.", SENTENCE), "wrong-answered"),
    ({**ENTRY, "kind": "unanswerable"}, Reply(kind="decline", text=DECLINE_TEXT), "ok"),
], ids=["right", "declined", "missing-fact", "forbidden-claim", "unsupported-quote", "not-verbatim",
        "answered-unanswerable", "declined-unanswerable"])
def test_each_reply_gets_the_scorers_verdict(entry: dict, reply: Reply, verdict: str) -> None:
    assert judge(entry, reply, ARTICLE) == verdict
