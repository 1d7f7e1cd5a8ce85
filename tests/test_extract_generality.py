"""The extraction code and its word lists name nothing from the bundled article."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent / "knowledge"
FILES = ["sentences.py", "quotations.py", "names.py", "entities.py", "coref.py", "clauses.py", "measures.py",
         "statements.py", "extract.py", "lexicon.py", "data/lexicon.yaml", "data/places.yaml"]
# Names, numbers and phrases of the bundled article that generic rules must not mention.
ARTICLE_SPECIFIC = ["Macron", "Starmer", "Keir", "Lavrov", "Putin", "Sergei", "Emmanuel", "Vladimir",
                    "coalition of the willing", "10,000", "30-day", "goverment", "Sooner or later",
                    "operational phase", "military source", "peacekeeping"]


@pytest.mark.parametrize("name", FILES)
def test_no_article_specific_words(name: str) -> None:
    source = (ROOT / name).read_text(encoding="utf-8").casefold()
    assert [w for w in ARTICLE_SPECIFIC if w.casefold() in source] == []
