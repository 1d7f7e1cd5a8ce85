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
    ("who got hurt @newsbot?", "who got hurt ?"),
    ("@bot /ask who won", "who won"),
    ("what did the US say", "what did the usa say"),
    ("Jerónimo de Ayanz", "jeronimo de ayanz"),
], ids=["mention", "ask-command", "repeats-and-curly-quotes", "thousands", "invisible", "mention-at-end",
        "mention-then-command", "capitalised-us", "accents"])
def test_clean_folds_what_does_not_matter(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("sooo many", "soo many"), ("Henry III was crowned", "henry iii was crowned"), ("Louis XIII", "louis xiii"),
], ids=["typed", "regnal-number", "roman-numeral"])
def test_only_a_lower_case_letter_typed_three_times_is_folded(text: str, expected: str) -> None:
    assert clean(text) == expected


def test_zero_is_no_thousand() -> None:
    language = default_language()
    assert language.terms("zero people were hurt") != language.terms("thousands of people were hurt")


@pytest.mark.parametrize(("entry", "where"), [
    ("[thousand, thousands, 000]", r"groups\[0\]\[2\]: 0 is not text"),
    ("[agree, yes]", r"groups\[0\]\[1\]: True is not text"),
], ids=["bare-number", "bare-boolean"])
def test_a_synonym_entry_yaml_reads_as_no_text_names_its_file_and_line(tmp_path: Path, entry: str, where: str) -> None:
    shutil.copy(DATA_DIR / "language.yaml", tmp_path)
    (tmp_path / "synonyms.yaml").write_text(f"# synonyms\ngroups:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=rf"synonyms\.yaml: line 3: {where}; quote it") as error:
        Language.load(tmp_path)
    assert "\n" not in str(error.value)


def test_a_lower_case_us_stays_a_pronoun() -> None:
    assert "usa" not in default_language().words("tell us who won")


@pytest.mark.parametrize(("text", "number"), [
    ("a 1.5 million pound deal", "1500000"), ("ten thousand troops", "10000"), ("rose 2.5 percent", "2.5"),
], ids=["decimal-million", "number-words", "decimal"])
def test_numbers_are_read_whole(text: str, number: str) -> None:
    assert number in default_language().words(text)


@pytest.mark.parametrize("word", ["noted", "wills"])
def test_a_content_word_is_not_dropped_for_looking_like_a_stopword_once_stemmed(word: str) -> None:
    assert default_language().terms(f"the {word} today")


def test_chat_filler_is_no_term_wherever_it_stands() -> None:
    language = default_language()
    assert language.terms("um who won the vote lol") == language.terms("who won the vote")


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


@pytest.mark.parametrize(("question", "article"), [
    ("where did the crash take place", "where did the crash happen"), ("had the cops been called", "had the police been called"),
    ("who is the ceo", "who is the chief executive"),
])
def test_chat_register_and_set_phrases_meet_the_article_word(question: str, article: str) -> None:
    language = default_language()
    assert language.terms(question) == language.terms(article)


@pytest.mark.parametrize(("word", "other"), [
    ("market forces", "market troops"), ("the united states", "the united countries"), ("he provided a loan", "he sent a loan"),
    ("head injuries", "leader injuries"), ("rail strikes", "rail attacks"), ("she was asked", "she was urged"),
    ("an independent inquiry", "a sovereign inquiry"),
], ids=str)
def test_a_word_whose_common_news_sense_is_another_thing_is_not_folded(word: str, other: str) -> None:
    """A synonym group holds in any news article: "forces" are often the police's or a market's."""
    language = default_language()
    assert language.terms(word) != language.terms(other)


def test_a_missing_field_in_the_word_lists_is_one_line(tmp_path: Path) -> None:
    shutil.copy(DATA_DIR / "synonyms.yaml", tmp_path)
    (tmp_path / "language.yaml").write_text("stopwords: [a]\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=r"language\.yaml: missing field\(s\) .*answer_types") as error:
        Language.load(tmp_path)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(("typed", "meant"), [
    ("it wasnt there", "it was not there"), ("they werent told", "they were not told"),
    ("ppl came thru", "people came through"), ("tldr", "tl;dr"), ("an ex employee", "an former employee"),
], ids=str)
def test_chat_contractions_and_abbreviations_are_spelt_out(typed: str, meant: str) -> None:
    language = default_language()
    assert language.words(typed) == language.words(meant)


def test_terms_read_again_are_the_same_and_a_caller_cannot_change_them() -> None:
    language = default_language()
    first = language.terms("Prime minister Keir Starmer hosted the troops")
    first.append("tampered")
    assert language.terms("Prime minister Keir Starmer hosted the troops") == first[:-1]



@pytest.mark.parametrize(("said", "asked"), [
    ("hey bot, quick one: who won the vote?", "who won the vote?"),
    ("hi there, did the mayor resign? thanks", "did the mayor resign?"),
    ("ok quick question - where is the pier thx", "where is the pier"),
    ("Hello! when did the ferry sail, cheers", "when did the ferry sail"),
], ids=str)
def test_chat_openings_and_sign_offs_are_not_the_question(said: str, asked: str) -> None:
    language = default_language()
    assert language.without_chatter(language.words(said)) == language.words(asked)


@pytest.mark.parametrize("said", ["hi", "thanks", "hey thanks", "thank you"])
def test_a_message_that_is_only_chat_keeps_its_words(said: str) -> None:
    """ "hi" and "thanks" are small talk, answered as such: nothing of them is dropped."""
    language = default_language()
    assert language.without_chatter(language.words(said)) == language.words(said)


@pytest.mark.parametrize("said", ["did the bot say hello to the question master", "are you a bot", "good bot"])
def test_an_opening_word_inside_the_message_is_kept(said: str) -> None:
    language = default_language()
    words = language.words(said)
    assert language.without_chatter(words) == words
