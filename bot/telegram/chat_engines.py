"""Which engine answers in each chat: the one for its own article, else the bundled one.

Engines come from the :class:`~bot.articles.library.ArticleLibrary` (built once per text, off the
event loop); which article a chat is on comes from :class:`~bot.telegram.chat_articles.ChatArticles`,
so after a restart a chat's article is rebuilt the first time it is needed.  Pure: no ``telegram``.
"""

from __future__ import annotations

import logging

from bot.articles.article import Article, ArticleError
from bot.articles.library import ArticleLibrary
from bot.engine.engine import Engine
from bot.telegram.chat_articles import ChatArticle, ChatArticles

__all__ = ["ChatEngines"]

logger = logging.getLogger("briefbot")


class ChatEngines:
    """Each chat's engine, and the changes of article that pick it."""

    def __init__(self, bundled: Engine, articles: ChatArticles, library: ArticleLibrary) -> None:
        self.bundled = bundled
        self.articles = articles
        self.library = library

    def current(self, chat_id: int) -> ChatArticle | None:
        """The article this chat loaded, or None when it is on the bundled one."""
        return self.articles.get(chat_id)

    async def for_chat(self, chat_id: int) -> Engine:
        """The engine for this chat's article (built now if it is not kept), else the bundled one.

        A stored article that no longer builds (it did when it was loaded) is logged, and the chat
        is answered from the bundled article rather than not at all.
        """
        chosen = self.articles.get(chat_id)
        if chosen is None:
            return self.bundled
        engine = self.library.cached(chosen.digest)
        if engine is not None:
            return engine
        article = self.articles.article(chat_id)
        if article is None:  # reset meanwhile
            return self.bundled
        try:
            return await self.library.engine_for(article)
        except ArticleError as exc:
            logger.warning("Chat %s: its article no longer builds (%s); answering from the bundled one",
                           chat_id, exc)
            return self.bundled

    async def load(self, chat_id: int, article: Article, now: float) -> Engine:
        """Build ``article`` and put the chat on it; nothing changes if the build fails.

        Raises:
            ArticleError: the build failed or took too long.
        """
        engine = await self.library.engine_for(article)
        self.articles.put(chat_id, article, now)
        return engine

    def reset(self, chat_id: int) -> None:
        """Put the chat back on the bundled article."""
        self.articles.reset(chat_id)

    async def warm_up(self, count: int) -> None:
        """Build the articles of the ``count`` most recently loaded chats, so their first answer is quick."""
        for chat_id in self.articles.chats()[:count]:
            await self.for_chat(chat_id)
