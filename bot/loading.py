"""Build an :class:`~bot.engine.Engine` from an article file, a knowledge YAML, or the bundled one."""

from __future__ import annotations

from pathlib import Path

from bot.engine.engine import Engine
from knowledge.build import BUNDLED_KNOWLEDGE, build_knowledge, read_article
from knowledge.store import load_knowledge

__all__ = ["load_engine"]


def load_engine(article: Path | None = None, knowledge: Path | None = None) -> Engine:
    """An engine for ``article`` (built on the fly), ``knowledge`` (YAML) or the bundled article.

    Raises:
        KnowledgeFileError: a file is missing, empty or malformed (a one-line message).
    """
    if article is not None:
        return Engine(build_knowledge(read_article(article), source=article.name))
    return Engine(load_knowledge(knowledge or BUNDLED_KNOWLEDGE))
