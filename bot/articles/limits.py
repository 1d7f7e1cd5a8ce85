"""The limits on what the bot reads as a chat's article, with where each number comes from."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ArticleLimits", "describe_size"]

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ArticleLimits:
    """How much the bot fetches, reads and builds for one article, and how long it waits.

    Attributes:
        fetch_timeout: seconds for a whole download, redirects included (issue 13: 15 s).
        max_download_bytes: largest page body fetched (issue 13: 5 MB).
        (The largest article text, 1 MB, is the builder's: :data:`knowledge.article_text.MAX_ARTICLE_BYTES`.)
        min_words: fewer words than this is not an article.  The shortest text the bot is measured
            on (a SQuAD paragraph of the eval pool) has 54 words; the six invented news articles have
            410–510.
        max_redirects: redirects followed before giving up (browsers allow about 20; news sites use 1–3).
        build_timeout: seconds the knowledge build may take before the article is refused as too long.
            On the 2-core development machine a 500-word article builds in about 1 s, 2,500 words
            (six articles joined) in about 4 s, 10,000 words in about 17 s, 40,000 in about 5 min
            (the build grows faster than the text).
        cache_size: built articles kept in memory, shared by every chat that loads the same text
            (an engine for a 500-word article holds a few MB).
        concurrent_builds: articles built at once (each in its own process, one core each).
        warm_up_chats: chats whose article is rebuilt at start-up, most recently loaded first, so their
            first answer after a restart is quick; more would hold the build slot while new articles wait.
        allow_private: fetch from loopback, private, link-local and multicast addresses
            (``BRIEFBOT_FETCH_ALLOW_PRIVATE=1``; for tests against a local server only).
    """

    fetch_timeout: float = 15.0
    max_download_bytes: int = 5 * MB
    min_words: int = 40
    max_redirects: int = 5
    build_timeout: float = 120.0
    cache_size: int = 32
    concurrent_builds: int = 1
    warm_up_chats: int = 4
    allow_private: bool = False


def describe_size(size: int) -> str:
    """A byte count as a person reads it: ``5 MB``, ``2 KB``."""
    if size >= MB // 10:
        return f"{round(size / MB, 1):g} MB"
    return f"{round(size / 1024, 1):g} KB"
