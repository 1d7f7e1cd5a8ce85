"""A chat's own article: fetched from a link, pasted or uploaded, checked, and built once for every chat.

Pure: no ``telegram`` import.  :func:`read_article` turns what a user gave into an
:class:`Article` (or an :class:`ArticleError` saying in one line why not); :class:`ArticleLibrary`
builds engines for articles off the event loop and keeps them, shared by content.
"""

from bot.articles.article import Article, ArticleError
from bot.articles.extract import (
    FILE_KINDS,
    article_from_file,
    article_from_html,
    article_from_page,
    article_from_text,
    article_from_url,
)
from bot.articles.fetch import Page, fetch_page, is_link
from bot.articles.limits import ArticleLimits

__all__ = [
    "Article",
    "ArticleError",
    "ArticleLimits",
    "FILE_KINDS",
    "Page",
    "article_from_file",
    "article_from_html",
    "article_from_page",
    "article_from_text",
    "article_from_url",
    "fetch_page",
    "is_link",
]
