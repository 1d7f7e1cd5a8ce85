"""Is this text an article the bot can brief on: not too long, not too short, and in English.

Pure.  English is told by how much of the text is everyday English words (jusText's English
stop-list, which trafilatura brings along): the engine reads English only.
"""

from __future__ import annotations

import functools
import re

from bot.articles.article import Article, ArticleError
from bot.articles.limits import ArticleLimits, describe_size

__all__ = ["check_article", "english_share"]

# Share of a text's words on the English stop-list.  Measured: the six invented news articles and
# forty SQuAD paragraphs of the eval sets score 0.42-0.60; French, German and Spanish news
# paragraphs about 0.04 and Dutch, the closest, 0.14.  0.25 sits between them with room on both sides.
MIN_ENGLISH_SHARE = 0.25
_SAMPLE_WORDS = 3000  # enough to tell a language; a 1 MB text need not be counted whole
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def check_article(article: Article, limits: ArticleLimits) -> Article:
    """``article`` if it can be used.

    Raises:
        ArticleError: one line saying why not: too long, too short, or not English.
    """
    size = len(article.text.encode("utf-8"))
    if size > limits.max_text_bytes:
        raise ArticleError(f"The article's text is longer than {describe_size(limits.max_text_bytes)}; "
                           "I only read shorter ones.")
    words = _WORD.findall(article.text)
    if len(words) < limits.min_words:
        raise ArticleError(f"That is too little text to be an article ({len(words)} words; "
                           f"I need at least {limits.min_words}).")
    if english_share(words) < MIN_ENGLISH_SHARE:
        raise ArticleError("That does not look like English; I can only read articles in English.")
    return article


def english_share(words: list[str]) -> float:
    """The share of (the first few thousand of) ``words`` that are common English words."""
    sample = [w.lower().replace("’", "'") for w in words[:_SAMPLE_WORDS]]
    common = _english_words()
    return sum(w in common for w in sample) / len(sample) if sample else 0.0


@functools.cache
def _english_words() -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist("English"))
