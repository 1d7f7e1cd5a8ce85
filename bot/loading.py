"""Build an :class:`~bot.engine.Engine` from an article file or URL, a knowledge YAML, or the bundled one."""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from bot.engine.engine import Engine
from knowledge.store import BUNDLED_KNOWLEDGE, KnowledgeFileError, load_knowledge

if TYPE_CHECKING:
    from bot.articles import ArticleLimits

__all__ = ["load_engine"]


def load_engine(article: str | Path | None = None, knowledge: Path | None = None,
                limits: ArticleLimits | None = None) -> Engine:
    """An engine for ``article`` (a text file or an http(s) URL, built on the fly), ``knowledge``
    (YAML) or the bundled article.

    Args:
        limits: for a URL: how long to wait, how much to read, whether private addresses may be used.

    Raises:
        KnowledgeFileError: a file is missing, empty or malformed, or the URL has no usable
            article (a one-line message).
    """
    if article is None:  # the common case starts fast: the fetching and extraction libraries are not needed
        return Engine(load_knowledge(knowledge or BUNDLED_KNOWLEDGE))
    from bot.articles import ArticleError, ArticleLimits, article_from_url, is_link
    from bot.articles.builder import build_engine_here
    from knowledge.build import read_article

    if isinstance(article, str) and is_link(article):
        try:
            found = article_from_url(article, limits or ArticleLimits())
        except ArticleError as exc:
            raise KnowledgeFileError(f"{article}: {exc}") from None
        return build_engine_here(found.text, source=found.source)
    path = Path(article)
    return build_engine_here(read_article(path), source=path.name)
