"""Article text in, knowledge out: the build-time pipeline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from knowledge.article_text import check_article, read_article_file
from knowledge.briefing import make_briefing
from knowledge.extract import extract
from knowledge.model import Knowledge
from knowledge.qa import generate_qa
from knowledge.spans import extract_spans
from knowledge.store import BUNDLED_KNOWLEDGE

__all__ = ["BUNDLED_ARTICLE", "BUNDLED_KNOWLEDGE", "build_knowledge", "read_article"]

DATA_DIR = Path(__file__).parent / "data"
BUNDLED_ARTICLE = DATA_DIR / "article.txt"


def read_article(path: Path) -> str:
    """The article's text (UTF-8, Windows-1252 or Latin-1); a file that cannot be built is a one-line error."""
    return read_article_file(path)


def build_knowledge(text: str, source: str = "") -> Knowledge:
    """Derive sentences, entities, facts, QA pairs, typed answer spans and the briefing from an article's text.

    Raises:
        ArticleError: the text is over the size limit, empty, or not in English (a one-line message).
    """
    check_article(text, source or "article")
    found = extract(text)
    knowledge = Knowledge(headline=found.headline, text=text, sentences=found.sentences,
                          entities=found.entities, facts=found.facts, source=source)
    knowledge = replace(knowledge, qa=generate_qa(knowledge), spans=extract_spans(knowledge))
    return replace(knowledge, briefing=make_briefing(knowledge))
