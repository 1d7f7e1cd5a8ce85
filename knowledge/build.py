"""Article text in, knowledge out: the build-time pipeline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from knowledge.briefing import make_briefing
from knowledge.extract import extract
from knowledge.model import Knowledge
from knowledge.qa import generate_qa
from knowledge.store import read_text_file

__all__ = ["BUNDLED_ARTICLE", "BUNDLED_KNOWLEDGE", "build_knowledge", "read_article"]

DATA_DIR = Path(__file__).parent / "data"
BUNDLED_ARTICLE = DATA_DIR / "article.txt"
BUNDLED_KNOWLEDGE = DATA_DIR / "article.yaml"


def read_article(path: Path) -> str:
    """The article's text; a missing, unreadable or empty file is a one-line error."""
    return read_text_file(path, "article file")


def build_knowledge(text: str, source: str = "") -> Knowledge:
    """Derive sentences, entities, facts, QA pairs and the briefing from an article's text."""
    found = extract(text)
    knowledge = Knowledge(headline=found.headline, text=text, sentences=found.sentences,
                          entities=found.entities, facts=found.facts, source=source)
    knowledge = replace(knowledge, qa=generate_qa(knowledge))
    return replace(knowledge, briefing=make_briefing(knowledge))
