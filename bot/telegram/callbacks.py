"""The callback codec: "ask this question" buttons within Telegram's 64 bytes of callback data."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

__all__ = ["MAX_CALLBACK_BYTES", "QuestionCodec"]

MAX_CALLBACK_BYTES = 64


class QuestionCodec:
    """Callback data for "ask this question" buttons, always within Telegram's 64 bytes.

    A short question travels as itself (``q:...``); a longer one as a digest (``h:...``) that this
    codec remembers.  Questions registered up front (the article's own) decode after a restart too;
    others are kept in a bounded memory and may expire.
    """

    def __init__(self, known: tuple[str, ...] | list[str] = (), memory: int = 5000) -> None:
        self._by_digest: dict[str, str] = {self._digest(q): q for q in known}
        self._recent: OrderedDict[str, str] = OrderedDict()
        self._memory = memory

    @staticmethod
    def _digest(question: str) -> str:
        return hashlib.blake2b(question.encode("utf-8"), digest_size=12).hexdigest()

    def encode(self, question: str) -> str:
        """Callback data for a button that asks ``question``."""
        data = "q:" + question
        if len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES:
            return data
        digest = self._digest(question)
        if digest not in self._by_digest:
            self._recent[digest] = question
            self._recent.move_to_end(digest)
            while len(self._recent) > self._memory:
                self._recent.popitem(last=False)
        return "h:" + digest

    def decode(self, data: str) -> str | None:
        """The question behind callback data, or None when it is unknown or expired."""
        if data.startswith("q:") and len(data) > 2:
            return data[2:]
        if data.startswith("h:"):
            digest = data[2:]
            return self._by_digest.get(digest) or self._recent.get(digest)
        return None
