"""Score the engine on a question set: the verdicts and summary line of the project's scorer.

A question set is a YAML list of entries ``{id, q, kind, must, answer_must, answer_mustnot,
support, context}`` (``kind``: answerable, unanswerable or followup).  Single questions are asked
on their own; a follow-up is asked after its ``context`` lines in one conversation.  The verdicts
are the ones of ``score.py``, so a user can check the bot on their own questions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.engine.conversation import Conversation
from bot.engine.reply import Reply

__all__ = ["Verdict", "ask_set", "format_summary", "judge", "read_question_set", "summarize"]

_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Verdict:
    """One question's outcome: ``verdict`` is ``ok`` or what went wrong."""

    entry: dict
    reply: Reply
    verdict: str

    @property
    def kind(self) -> str:
        return str(self.entry.get("kind", "answerable"))


def read_question_set(path: Path) -> list[dict]:
    """The entries of a question-set YAML file.

    Raises:
        ValueError: the file is not a list of entries with a question ``q`` each.
    """
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read a question set ({exc.__class__.__name__})") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "q" in e for e in entries):
        raise ValueError(f"{path}: expected a list of entries, each with a question 'q'")
    return entries


def _norm(text: str | None) -> str:
    text = text or ""
    for curly, plain in _QUOTES.items():
        text = text.replace(curly, plain)
    return _SPACE.sub(" ", _THOUSANDS.sub("", text)).strip().lower()


def _quote_supported(quote: str, supports: Sequence[str]) -> bool:
    q = _norm(quote)
    if not q:
        return False
    for support in supports:
        s = _norm(support)
        m = difflib.SequenceMatcher(None, q, s, autojunk=False).find_longest_match(0, len(q), 0, len(s))
        if m.size >= 0.6 * len(q) or m.size >= 0.8 * len(s):  # most of one lies inside the other
            return True
    return False


def _has_all(text: str, groups: Sequence[Sequence[str]]) -> bool:
    t = _norm(text)
    return all(any(_norm(alt) in t for alt in group) for group in groups)


def judge(entry: dict, reply: Reply, article_text: str) -> str:
    """The scorer's verdict on one reply: ``ok``, ``declined``, ``wrong-answered``, ``wrong-fact``, ..."""
    answered = reply.answered
    if entry.get("kind") == "unanswerable":
        return "wrong-answered" if answered else "ok"
    if not answered:
        return "declined"
    quote = reply.quote.text if reply.quote else ""
    if not _has_all(f"{reply.text} {quote}", entry.get("must", [])) \
            or not _has_all(reply.text, entry.get("answer_must", [])) \
            or any(_norm(bad) in _norm(reply.text) for bad in entry.get("answer_mustnot", [])):
        return "wrong-fact"
    if not _quote_supported(quote, entry.get("support", [])):
        return "wrong-quote"
    if _norm(quote).strip(" .\"'") not in _norm(article_text):
        return "quote-not-verbatim"
    return "ok"


def ask_set(engine, entries: Iterable[dict], article_text: str) -> list[Verdict]:
    """Ask every entry (follow-ups after their context) and judge each reply."""
    verdicts: list[Verdict] = []
    followups: list[dict] = []
    for entry in entries:
        if entry.get("kind") == "followup":
            followups.append(entry)
            continue
        reply, _ = engine.reply(str(entry["q"]).replace("\n", " "))
        verdicts.append(Verdict(entry, reply, judge(entry, reply, article_text)))
    for entry in followups:  # the scorer replays follow-ups after all single questions
        conversation = Conversation()
        for line in entry.get("context", []):
            _, conversation = engine.reply(str(line), conversation)
        reply, _ = engine.reply(str(entry["q"]), conversation)
        verdicts.append(Verdict(entry, reply, judge(entry, reply, article_text)))
    return verdicts


def summarize(verdicts: Sequence[Verdict]) -> dict:
    """Counts and rates over verdicts, as the scorer reports them."""
    answerable = [v for v in verdicts if v.kind != "unanswerable"]
    unanswerable = [v for v in verdicts if v.kind == "unanswerable"]
    answered = [v for v in verdicts if v.reply.answered]
    ok_answerable = sum(v.verdict == "ok" for v in answerable)
    ok_unanswerable = sum(v.verdict == "ok" for v in unanswerable)
    wrong = sum(v.verdict != "ok" for v in answered)
    total = len(verdicts)

    def rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    return {"answerable": len(answerable), "answerable_correct": ok_answerable,
            "answerable_acc": rate(ok_answerable, len(answerable)),
            "unanswerable": len(unanswerable), "declined_ok": ok_unanswerable,
            "decline_rate": rate(ok_unanswerable, len(unanswerable)),
            "answered": len(answered), "wrong_confident": wrong,
            "precision": rate(len(answered) - wrong, len(answered)),
            "overall": rate(ok_answerable + ok_unanswerable, total),
            "questions": sum(v.kind != "followup" for v in verdicts)}


def format_summary(summary: dict, seconds: float) -> str:
    """The scorer's one summary line."""
    def fmt(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    single = summary["questions"]
    return (f"answerable {summary['answerable_correct']}/{summary['answerable']} ({fmt(summary['answerable_acc'])}) · "
            f"unanswerable declined {summary['declined_ok']}/{summary['unanswerable']} "
            f"({fmt(summary['decline_rate'])}) · wrong-confident {summary['wrong_confident']} · "
            f"precision {fmt(summary['precision'])} · overall {fmt(summary['overall'])} · "
            f"{single} q in {seconds:.2f} s")
