"""Small helpers shared by the extraction tests: the test articles and readers over an extraction."""

from __future__ import annotations

from pathlib import Path

from knowledge.extract import Extraction, extract

__all__ = ["load_article", "speakers_of", "story"]

DATA = Path(__file__).parent / "data"


def load_article(name: str) -> tuple[str, Extraction]:
    """The text of the test article ``tests/data/<name>`` and its extraction."""
    text = (DATA / name).read_text(encoding="utf-8")
    return text, extract(text)


def story(*paragraphs: str) -> str:
    """An invented article: a headline line, then each paragraph, as the builder reads a text file."""
    return "Town news | Local | News\n\n" + "\n\n".join(paragraphs) + "\n"


def speakers_of(extraction: Extraction, words: str) -> set[str | None]:
    """Who said, reported or claimed the words: the subjects of the speech facts that contain them."""
    return {f.subject for f in extraction.facts if f.kind in ("quote", "indirect", "claim") and words in f.content}
