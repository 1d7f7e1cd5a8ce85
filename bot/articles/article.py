"""An article a chat gave the bot: its text as the knowledge build reads it, and where it came from.

Pure: no I/O, no ``telegram``.  Everything that turns a link, a paste or a file into an
:class:`Article` raises :class:`ArticleError` (the knowledge builder's, a
:class:`~knowledge.store.KnowledgeFileError`) with one line the user can read when the input cannot
be used, and nothing changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from knowledge.article_text import ArticleError  # one error for "not an article", builder and bot alike

__all__ = ["Article", "ArticleError"]


@dataclass(frozen=True, slots=True)
class Article:
    """An article's text (headline on the first line, then one paragraph a line) and its source.

    Attributes:
        text: what :func:`knowledge.build.build_knowledge` reads.
        source: where it came from, as a person would name it: the URL, "pasted text", a file name.
    """

    text: str
    source: str

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ArticleError("The article has no text.")

    @property
    def headline(self) -> str:
        """The first non-empty line."""
        return next(line.strip() for line in self.text.splitlines() if line.strip())

    @property
    def digest(self) -> str:
        """The text's SHA-256: the same text from any chat or source is one article."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
