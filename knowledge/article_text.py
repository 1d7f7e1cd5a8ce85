"""Read an article file as the builder needs it: decoded, within the size limit, and in English.

News files come from many tools: UTF-8 with or without a byte-order mark, and older Windows-1252 or
Latin-1 exports.  Each of those is read (a legacy encoding with a note on stderr, since a wrong guess
would show in the quotes); text over the size limit or not in English is refused with one line.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

from knowledge.store import KnowledgeFileError, read_yaml_data

__all__ = ["MAX_ARTICLE_BYTES", "ArticleError", "check_article", "decode_article", "read_article_file"]

MAX_ARTICLE_BYTES = 1_000_000  # a long read is ~50 KB; the builder is linear, this bounds one build's time
ENGLISH_DATA = Path(__file__).parent / "data" / "english.yaml"
# Share of words that are English function words (english.yaml): the public English news and SQuAD
# passages run at 0.24-0.45, French, German and Spanish news at 0.00-0.05.
MIN_ENGLISH_SHARE = 0.15
MIN_WORDS_TO_JUDGE = 20  # a headline-only text is too short to tell
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


class ArticleError(KnowledgeFileError):
    """An article that cannot be built: too large, not text, or not in English."""


def decode_article(data: bytes) -> tuple[str, str]:
    """The text of an article's bytes and the legacy encoding it was read in ("" for UTF-8).

    A UTF-8 byte-order mark is dropped.  Bytes that are not UTF-8 are read as Windows-1252 (which
    most "Latin-1" news exports really are), and as Latin-1 where Windows-1252 leaves a byte undefined.
    """
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def check_article(text: str, where: str = "article") -> None:
    """Refuse text the builder should not take: over the size limit, empty, or not in English."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{where}: {size:,} bytes is over the limit of {MAX_ARTICLE_BYTES:,} bytes (1 MB)")
    if not text.strip():
        raise ArticleError(f"{where}: the article is empty")
    words = [w.casefold() for w in _WORD.findall(text[:20_000])]
    if len(words) >= MIN_WORDS_TO_JUDGE:
        share = sum(w in _english_words() for w in words) / len(words)
        if share < MIN_ENGLISH_SHARE:
            raise ArticleError(f"{where}: this does not look like English; briefbot reads English news only")


def read_article_file(path: Path) -> str:
    """An article file's text; anything that stops a build is one line naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(f"{path}: {size:,} bytes is over the limit of {MAX_ARTICLE_BYTES:,} bytes (1 MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{path}: article file not found") from None
    except IsADirectoryError:
        raise ArticleError(f"{path}: cannot read the article file: it is a folder") from None
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read the article file: {exc.strerror or exc.__class__.__name__}") from None
    if b"\x00" in data:
        raise ArticleError(f"{path}: cannot read the article file: not a text file")
    text, legacy = decode_article(data)
    if not text.strip():
        raise ArticleError(f"{path}: the article file is empty")
    check_article(text, str(path))
    if legacy:
        print(f"note: {path} is not UTF-8; read it as {legacy}", file=sys.stderr)
    return text


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    data = read_yaml_data(ENGLISH_DATA)
    words = data.get("function_words") if isinstance(data, dict) else None
    if not isinstance(words, list) or not words:
        raise KnowledgeFileError(f"{ENGLISH_DATA}: needs a non-empty list 'function_words'")
    return frozenset(str(w).casefold() for w in words)
