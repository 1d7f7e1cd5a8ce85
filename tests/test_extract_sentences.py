"""Sentence splitting and quotation spans."""

from __future__ import annotations

import pytest

from knowledge.extract import extract
from knowledge.quotations import find_quotations
from knowledge.sentences import split_article


def _body(paragraph: str) -> list[str]:
    _, sentences = split_article("Headline\n" + paragraph + "\n")
    return [s.text for s in sentences[1:]]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param("Mr Smith left. Dr. Jones stayed.", ["Mr Smith left.", "Dr. Jones stayed."], id="honorifics"),
        pytest.param("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."], id="us"),
        pytest.param("Over 10,000 people came. Many left.", ["Over 10,000 people came.", "Many left."], id="thousands"),
        pytest.param("Some fuels, e.g. coal, are dirty. Others not.", ["Some fuels, e.g. coal, are dirty.", "Others not."],
                     id="eg"),
        pytest.param("Nixon named William E. Simon as head. Simon agreed.",
                     ["Nixon named William E. Simon as head.", "Simon agreed."], id="initial"),
        pytest.param("It ended in 1978.[citation needed] On May 1 it restarted.",
                     ["It ended in 1978.[citation needed]", "On May 1 it restarted."], id="citation"),
        pytest.param("“Stop,” he said. “Now.”", ["“Stop,” he said.", "“Now.”"], id="quote-then-said"),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert _body(paragraph) == expected


def test_headline_drops_section_labels() -> None:
    headline, sentences = split_article("Storm hits coast | UK | News\nIt rained.\n")
    assert (headline, sentences[0].text, sentences[0].paragraph) == ("Storm hits coast", "Storm hits coast", 0)


def test_offsets_point_into_the_original_text() -> None:
    text = "Title | News\n\nFirst one. Second one.\n\n  Third one.\n"
    _, sentences = split_article(text)
    assert [text[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]


def test_multi_sentence_quote_is_three_sentences_and_one_quotation() -> None:
    text = "Title\nShe said: “Talks failed. So this is it. Let it end now.”\n"
    _, sentences = split_article(text)
    quotations = find_quotations(text, sentences)
    assert len(sentences) == 4
    assert [q.text for q in quotations] == ["Talks failed. So this is it. Let it end now."]


def test_multi_sentence_quote_fact_spans_intro_to_closing_mark() -> None:
    text = "Title\nAnna Berg said: “Talks failed. So this is it. Let it end now.”\n"
    quote = next(f for f in extract(text).facts if f.kind == "quote").quote
    assert quote.text == "Anna Berg said: “Talks failed. So this is it. Let it end now.”"


@pytest.mark.parametrize("mark", ["‘", "’", "'"], ids=["left-mark", "right-mark", "straight"])
def test_apostrophe_is_not_a_quotation(mark: str) -> None:
    text = f"Title\nIt risks Smith{mark}s anger and it{mark}s late.\n"
    _, sentences = split_article(text)
    assert find_quotations(text, sentences) == ()


def test_lexicon_rejects_a_yaml_boolean(tmp_path) -> None:
    import shutil

    from knowledge.lexicon import DATA, load_lexicon
    from knowledge.store import KnowledgeFileError

    for name in ("places.yaml", "vocabulary.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    text = (DATA / "lexicon.yaml").read_text(encoding="utf-8").replace('"No", vs', "No, vs")
    (tmp_path / "lexicon.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=r"lexicon\.yaml: line \d+: abbreviations\[\d+\]: False is not a word"):
        load_lexicon(tmp_path)
