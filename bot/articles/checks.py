"""Is this text an article the bot can brief on: long enough, and what the builder takes.

The builder's own check (:func:`knowledge.article_text.check_article`: size limit, English) is
asked first, so a chat hears the same refusal the command line gives; a text too short to be an
article is refused here, since the builder would make a poor engine of it rather than fail.
"""

from __future__ import annotations

import re

from bot.articles.article import Article, ArticleError
from bot.articles.limits import ArticleLimits
from knowledge.article_text import check_article as check_buildable

__all__ = ["check_article"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def check_article(article: Article, limits: ArticleLimits) -> Article:
    """``article`` if it can be used.

    Raises:
        ArticleError: one line saying why not: too long, not English, or too short.
    """
    check_buildable(article.text, article.source)
    words = len(_WORD.findall(article.text))
    if words < limits.min_words:
        raise ArticleError(f"That is too little text to be an article ({words} words; "
                           f"I need at least {limits.min_words}).")
    return article
