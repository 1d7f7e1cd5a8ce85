"""Normalising words: the same vocabulary for questions and the article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine.language import DATA_DIR, Language, clean, default_language, stem
from knowledge.store import KnowledgeFileError


@pytest.mark.parametrize(("text", "expected"), [
    ("@NewsBriefBot what did Lavrov say?", "what did lavrov say?"),
    ("/ask@NewsBriefBot   how many   troops", "how many troops"),
    ("soooo many “troops”", 'soo many "troops"'),
    ("over 10,000 soldiers", "over 10000 soldiers"),
    ("zero\u200bwidth", "zerowidth"),
], ids=["mention", "ask-command", "repeats-and-curly-quotes", "thousands", "invisible"])
def test_clean_folds_what_does_not_matter(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize(("word", "same_as"), [
    ("troops", "troop"), ("agreed", "agree"), ("negotiations", "negotiate"), ("refereed", "referee"),
])
def test_stem_folds_word_forms(word: str, same_as: str) -> None:
    assert stem(word) == stem(same_as)


@pytest.mark.parametrize(("question", "article"), [
    ("how many soldiers", "troops"), ("what is the truce", "ceasefire"), ("the pm", "prime minister"),
    ("shares fell", "shares fall"), ("wat did he sya", "what did he say"), ("ten thousand", "10,000"),
])
def test_questions_and_article_meet_in_one_vocabulary(question: str, article: str) -> None:
    language = default_language()
    assert set(language.terms(article)) <= set(language.terms(question))


def test_a_missing_field_in_the_word_lists_is_one_line(tmp_path: Path) -> None:
    shutil.copy(DATA_DIR / "synonyms.yaml", tmp_path)
    (tmp_path / "language.yaml").write_text("stopwords: [a]\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=r"language\.yaml: missing field\(s\) .*answer_types") as error:
        Language.load(tmp_path)
    assert "\n" not in str(error.value)
