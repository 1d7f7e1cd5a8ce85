"""Knowledge YAML: round trips, overrides, byte-identical builds and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.build import BUNDLED_ARTICLE, BUNDLED_KNOWLEDGE, build_knowledge, read_article
from knowledge.store import KnowledgeFileError, dump_knowledge, load_knowledge, overrides_path


@pytest.fixture(scope="module")
def bundled():
    return build_knowledge(read_article(BUNDLED_ARTICLE), source=BUNDLED_ARTICLE.name)


def test_yaml_round_trips(bundled, tmp_path: Path) -> None:
    path = tmp_path / "k.yaml"
    dump_knowledge(bundled, path)
    assert load_knowledge(path) == bundled


def test_two_builds_are_byte_identical(bundled, tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    dump_knowledge(bundled, first)
    dump_knowledge(build_knowledge(read_article(BUNDLED_ARTICLE), source=BUNDLED_ARTICLE.name), second)
    assert first.read_bytes() == second.read_bytes()


def test_checked_in_knowledge_is_up_to_date(bundled, tmp_path: Path) -> None:
    fresh = tmp_path / "article.yaml"
    dump_knowledge(bundled, fresh)
    assert fresh.read_bytes() == BUNDLED_KNOWLEDGE.read_bytes(), "run: python -m knowledge build"


def test_every_stored_quote_is_verbatim_at_its_offsets(bundled) -> None:
    quotes = bundled.quotes()
    assert quotes
    assert all(bundled.text[q.start:q.end] == q.text for q in quotes)


def test_overrides_add_aliases_and_phrasings_and_win(bundled, tmp_path: Path) -> None:
    path = tmp_path / "k.yaml"
    dump_knowledge(bundled, path)
    pair = bundled.qa[0]
    entity = bundled.entities[0]
    overrides_path(path).write_text(
        f"entities:\n  {entity.id}:\n    aliases: [The Big Cheese]\n"
        f"qa:\n  - id: {pair.id}\n    questions: [what is the big picture]\n    answer: Corrected.\n",
        encoding="utf-8")
    merged = load_knowledge(path)
    assert "The Big Cheese" in merged.entity(entity.id).aliases
    changed = next(p for p in merged.qa if p.id == pair.id)
    assert changed.answer == "Corrected." and "what is the big picture" in changed.questions


def test_override_quote_must_be_verbatim(bundled, tmp_path: Path) -> None:
    path = tmp_path / "k.yaml"
    dump_knowledge(bundled, path)
    overrides_path(path).write_text("qa:\n  - id: new\n    questions: [q]\n    answer: a\n    quote: not in it\n",
                                    encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=r"overrides\.yaml: line 5: .*not verbatim"):
        load_knowledge(path)


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("headline: x\ntext: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as error:
        load_knowledge(path)
    message = str(error.value)
    assert str(path) in message and "line" in message and "\n" not in message


def test_schema_error_names_the_field_and_line(bundled, tmp_path: Path) -> None:
    path = tmp_path / "k.yaml"
    dump_knowledge(bundled, path)
    text = path.read_text(encoding="utf-8").replace("  kind: person", "  kind: wizard", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=r"k\.yaml: line \d+: .*entities\[\d+\].*wizard"):
        load_knowledge(path)


@pytest.mark.parametrize("content", [None, "", "  \n"], ids=["missing", "empty", "blank"])
def test_missing_or_empty_article_is_one_line(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as error:
        read_article(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)
