"""What the engine answers: one value the command line and Telegram both render."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.model import Quote

__all__ = ["DECLINE_TEXT", "Reply"]

DECLINE_TEXT = "The article doesn't say."  # the one wording of a decline, for every front end

KINDS = ("answer", "decline", "smalltalk")


@dataclass(frozen=True, slots=True)
class Reply:
    """The engine's reply to one message.

    ``kind`` is ``answer`` (a fact from the article, backed by ``quote``), ``decline`` (the article
    doesn't say; ``suggestions`` are questions it can answer) or ``smalltalk`` (a friendly word
    about what the bot does; never a fact).  ``text`` is the one-line answer or message.
    """

    kind: str
    text: str
    quote: Quote | None = None
    speaker: str | None = None
    confidence: float = 0.0
    matched: str | None = None
    suggestions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"reply kind {self.kind!r} not in {KINDS}")
        if self.kind == "answer" and self.quote is None:
            raise ValueError("an answer needs its supporting quote")

    @property
    def answered(self) -> bool:
        return self.kind == "answer"

    def to_json(self, question: str) -> dict:
        """The ``ask --json`` contract: one object per question."""
        return {
            "question": question,
            "answered": self.answered,
            "answer": self.text,
            "quote": self.quote.text if self.quote else "",
            "speaker": self.speaker,
            "confidence": round(self.confidence, 3),
            "matched": self.matched,
            "suggestions": list(self.suggestions),
        }
