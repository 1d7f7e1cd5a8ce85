"""Turn a web page, an HTML file or plain text into an :class:`~bot.articles.article.Article`.

HTML goes through trafilatura, which keeps the headline and the article body and drops
navigation, cookie banners, related links, sign-up boxes and footers.  Plain text is taken as it
is, its first line the headline.  Either way the result is checked (:mod:`bot.articles.checks`)
before it is used.
"""

from __future__ import annotations

import re
from typing import Any

from bot.articles.article import Article, ArticleError
from bot.articles.checks import check_article
from bot.articles.fetch import Page, fetch_page
from bot.articles.limits import ArticleLimits, describe_size
from knowledge.article_text import decode_article

__all__ = [
    "FILE_KINDS",
    "article_from_file",
    "article_from_html",
    "article_from_page",
    "article_from_text",
    "article_from_url",
    "decode_text",
    "file_too_big",
]

#: file name endings read as articles, and how
FILE_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}

# trafilatura's names for text blocks (``head``, ``item``, ``quote``), and HTML's where it keeps those
_BLOCKS = frozenset({"p", "head", "item", "quote", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[ \t\u00a0]+")


def article_from_url(url: str, limits: ArticleLimits) -> Article:
    """Fetch ``url`` and read the article on it (blocking: run it off the event loop).

    Raises:
        ArticleError: the page cannot be fetched, or holds no usable article.
    """
    return article_from_page(fetch_page(url, limits), limits)


def article_from_file(name: str, data: bytes, limits: ArticleLimits) -> Article:
    """A ``.txt`` or ``.html`` file's article; its source is the file's name.

    Raises:
        ArticleError: another kind of file, or no usable article in it.
    """
    kind = next((k for ending, k in FILE_KINDS.items() if name.lower().endswith(ending)), None)
    if kind is None:
        raise ArticleError(f"I read .txt and .html files; {name or 'this file'} is neither.")
    if kind == "html":
        return article_from_html(data, name, limits)
    return article_from_text(decode_text(data, None, limits), name, limits)


def article_from_page(page: Page, limits: ArticleLimits) -> Article:
    """The article in a downloaded page; its source is the page's URL."""
    if page.kind == "html":
        return article_from_html(page.body, page.url, limits, url=page.url)
    return article_from_text(decode_text(page.body, page.charset, limits), page.url, limits)


def article_from_html(html: bytes | str, source: str, limits: ArticleLimits, url: str | None = None) -> Article:
    """The headline and body of a news page.

    Raises:
        ArticleError: no article text could be found, or it fails :func:`check_article`.
    """
    import trafilatura  # imported when first needed: it takes a while, and most runs never read HTML

    if isinstance(html, bytes):
        html = decode_text(html, None, limits)
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                           include_tables=False, include_images=False, favor_precision=True)
    lines = _paragraphs(document) if document is not None else []
    if not lines:
        raise ArticleError("I found no article text on that page.")
    title = " ".join((document.title or "").split())
    if title and lines[0] == title:
        lines = lines[1:]  # the page's own headline, already the first line
    headline = title or lines.pop(0)
    return check_article(Article("\n".join([headline, *lines]), source), limits)


def article_from_text(text: str, source: str, limits: ArticleLimits) -> Article:
    """Pasted or uploaded text: first line the headline, then one paragraph a line (blank lines dropped).

    Raises:
        ArticleError: it fails :func:`check_article`.
    """
    tidy = _tidy(text)
    if not tidy:
        raise ArticleError("There is no text to read.")
    return check_article(Article(tidy, source), limits)


def decode_text(data: bytes, charset: str | None, limits: ArticleLimits) -> str:
    """Bytes as text: the declared charset (header, else an HTML meta tag) if it works, else as the
    builder reads files (UTF-8, else Windows-1252 or Latin-1)."""
    if len(data) > limits.max_download_bytes:
        raise file_too_big(limits)
    declared = _META_CHARSET.search(data[:4096])
    for encoding in (charset, declared.group(1).decode("ascii") if declared else None):
        if encoding:
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_article(data)[0]


def file_too_big(limits: ArticleLimits) -> ArticleError:
    """The refusal of a file over the download limit."""
    return ArticleError(f"The file is larger than {describe_size(limits.max_download_bytes)}; I only read smaller ones.")


def _paragraphs(document: Any) -> list[str]:
    """The extracted body, one paragraph a line, however the page wrapped its source lines."""
    blocks = [element for element in document.body.iter() if element.tag in _BLOCKS] \
        if document.body is not None else []
    outermost = [b for b in blocks if not any(a.tag in _BLOCKS for a in b.iterancestors())]
    lines = [" ".join("".join(b.itertext()).split()) for b in outermost]
    return [line for line in lines if line] or _tidy(document.text or "").split("\n")


def _tidy(text: str) -> str:
    """One paragraph a line, spaces collapsed, no blank lines, Windows line ends undone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in _BLANK_LINES.sub("\n", text).split("\n"))
    return "\n".join(line for line in lines if line)
