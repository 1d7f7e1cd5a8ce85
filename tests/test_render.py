"""Pure tests of what the bot shows: rendering replies, splitting HTML, button data, command texts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram_emulator import BadRequest, parse_telegram_html

from bot.chat import commands
from bot.engine.examples import example_questions
from bot.chat.render import render_reply, split_html, utf16_len
from bot.telegram.callbacks import MAX_CALLBACK_BYTES, QuestionCodec
from bot.engine.reply import Reply
from knowledge.model import BriefingPoint, Entity, Fact, Knowledge, QAPair, Quote, Sentence

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = (
    "Macron says Russia has no say\n"
    "The French president said: “Ukraine is sovereign.” Russian Foreign Secretary Sergei Lavrov said Russia would "
    "not accept "
    "“under any conditions” NATO soldiers. Over 10,000 troops could be deployed & <more>."
)


def _quote(text: str) -> Quote:
    start = ARTICLE.index(text)
    return Quote(text, start, start + len(text))


KNOWLEDGE = Knowledge(
    headline="Macron says Russia has no say",
    text=ARTICLE,
    sentences=(
        Sentence(0, 0, 0, 29, "Macron says Russia has no say"),
        Sentence(1, 1, 30, 81, ARTICLE[30:81]),
    ),
    entities=(
        Entity("macron", "Emmanuel Macron", "person", aliases=("Mr Macron",), role="French president", mentions=(1,)),
        Entity("lavrov", "Sergei Lavrov", "person", role="Russian Foreign Secretary", mentions=(1,)),
        Entity("ukraine", "Ukraine", "place"),
    ),
    facts=(
        Fact("f2", "quote", 1, _quote("“under any conditions”"), subject="lavrov"),
        Fact("f1", "quote", 1, _quote("“Ukraine is sovereign.”"), subject="macron"),
        Fact("f3", "stance", 1, _quote("Russia would not accept"), subject="lavrov",
             content="opposes foreign troops in Ukraine"),
        Fact("f4", "number", 1, _quote("Over 10,000 troops"), value="over 10,000", counts="troops & <more>"),
    ),
    qa=(
        QAPair("q1", ("What did Lavrov say?",), "He rejected NATO troops.", _quote("“under any conditions”"),
               kind="what", fact="f2"),
        QAPair("q2", ("What did Macron say?",), "Ukraine is sovereign.", _quote("“Ukraine is sovereign.”"),
               kind="what", fact="f1"),
        QAPair("q3", ("How many troops?",), "Over 10,000.", _quote("Over 10,000 troops"), kind="how_many",
               fact="f4"),
        QAPair("q4", ("who is Lavrov",), "Russia's foreign secretary.", _quote("“under any conditions”"),
               kind="identity"),
    ),
    briefing=(BriefingPoint("Russia <has no say> & Macron insists", _quote("“Ukraine is sovereign.”")),),
)

LAVROV = Reply(kind="answer", text="Lavrov said Russia won't accept NATO troops <b> & such.",
               quote=_quote("“under any conditions”"), speaker="Sergei Lavrov", confidence=0.9)
DECLINE = Reply(kind="decline", text="The article doesn't say.",
                suggestions=("What did Lavrov say?", "What did <Macron> say?"))


def _valid(html_text: str) -> str:
    """The text a reader sees; fails the test if Telegram would refuse the HTML."""
    text, _ = parse_telegram_html(html_text)
    return text


# --- render_reply -------------------------------------------------------------------------------


def test_answer_is_one_line_then_quote_with_speaker():
    rendered = render_reply(LAVROV)
    first, rest = rendered.split("\n", 1)
    assert first == "Lavrov said Russia won&#x27;t accept NATO troops &lt;b&gt; &amp; such."
    assert rest == "<blockquote>“under any conditions”\n— Sergei Lavrov</blockquote>"


def test_answer_renders_as_valid_html_a_reader_sees_unescaped():
    text, entities = parse_telegram_html(render_reply(LAVROV))
    assert text.startswith("Lavrov said Russia won't accept NATO troops <b> & such.\n")
    assert [e["type"] for e in entities] == ["blockquote"]


def test_quote_without_speaker_has_no_attribution_line():
    reply = Reply(kind="answer", text="Over 10,000.", quote=_quote("Over 10,000 troops"))
    assert render_reply(reply) == "Over 10,000.\n<blockquote>Over 10,000 troops</blockquote>"


def test_decline_says_the_article_doesnt_say_and_hints_at_buttons():
    assert _valid(render_reply(DECLINE)) == "The article doesn't say.\nPerhaps one of these?"


def test_decline_with_empty_text_still_says_the_article_doesnt_say():
    assert _valid(render_reply(Reply(kind="decline", text=""))) == "The article doesn't say."


def test_suggestions_as_text_are_listed_and_escaped():
    text = _valid(render_reply(DECLINE, suggestions_as_text=True))
    assert text.splitlines()[-2:] == ["• What did Lavrov say?", "• What did <Macron> say?"]


def test_question_header_is_escaped_italics():
    rendered = render_reply(LAVROV, question="<script> & co?")
    assert rendered.startswith("<i>&lt;script&gt; &amp; co?</i>\n")
    _valid(rendered)


def test_smalltalk_is_plain_escaped_text():
    assert render_reply(Reply(kind="smalltalk", text="Hi <there> & welcome")) == "Hi &lt;there&gt; &amp; welcome"


# --- split_html ---------------------------------------------------------------------------------


def test_short_html_is_one_chunk():
    assert split_html("<b>hi</b>") == ["<b>hi</b>"]


def test_blank_html_is_no_chunks():
    assert split_html("  \n ") == []


def test_long_blockquote_is_closed_and_reopened_at_the_break():
    long_html = "Answer.\n<blockquote>" + "word &amp; &lt;tag&gt; " * 600 + "\n— Someone</blockquote>"
    chunks = split_html(long_html)
    assert len(chunks) > 1
    for chunk in chunks:
        assert utf16_len(chunk) <= 4096
        _valid(chunk)
    assert all(chunk.endswith("</blockquote>") for chunk in chunks)
    assert chunks[1].startswith("<blockquote>")


def test_split_prefers_newlines_over_spaces():
    paragraph = ("x" * 99 + " ") * 10
    chunks = split_html((paragraph.strip() + "\n") * 6, limit=2500)
    assert all(chunk.endswith("x") and "\n" not in chunk[-2:] for chunk in chunks)
    assert [chunk.count("\n") for chunk in chunks] == [1, 1, 1]


def test_text_without_blanks_breaks_between_entities_not_inside():
    chunks = split_html("&amp;" * 2000, limit=101)
    assert all(re.fullmatch(r"(&amp;)+", chunk) for chunk in chunks)
    assert sum(chunk.count("&amp;") for chunk in chunks) == 2000


def test_limit_counts_utf16_units_like_telegram():
    chunks = split_html("😀" * 3000)  # each emoji is two UTF-16 units
    assert [utf16_len(chunk) for chunk in chunks] == [4096, 1904]


_TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'\n😀é\u200f")), max_size=300)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.tuples(st.sampled_from(["", "b", "i", "blockquote"]), _TEXT), max_size=12),
       limit=st.integers(min_value=60, max_value=400))
def test_split_chunks_are_valid_fit_and_keep_every_visible_character(parts, limit):
    import html

    source = "".join(f"<{tag}>{html.escape(text)}</{tag}>" if tag else html.escape(text) for tag, text in parts)
    chunks = split_html(source, limit=limit)
    seen = ""
    for chunk in chunks:
        assert utf16_len(chunk) <= limit
        seen += _valid(chunk)
    expected = _valid(source) if source.strip() and _visible_nonblank(source) else ""
    assert re.sub(r"\s", "", seen) == re.sub(r"\s", "", expected)


def _visible_nonblank(source: str) -> bool:
    try:
        return bool(_valid(source).strip())
    except BadRequest:
        return False


# --- QuestionCodec ------------------------------------------------------------------------------


@pytest.mark.parametrize("question", [
    "What did Lavrov say?",
    "How many troops could be deployed by the coalition of the willing according to the military source?",
    "Что сказал Лавров о войсках НАТО на Украине?",
    "😀" * 40,
], ids=["short", "long", "cyrillic", "emoji"])
def test_callback_data_fits_64_bytes_and_round_trips(question):
    codec = QuestionCodec()
    data = codec.encode(question)
    assert len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES
    assert codec.decode(data) == question


def test_known_long_questions_decode_after_a_restart():
    question = "How many troops could be deployed by the coalition of the willing, says the source?"
    data = QuestionCodec([question]).encode(question)
    assert QuestionCodec([question]).decode(data) == question


def test_unknown_callback_data_decodes_to_none():
    assert QuestionCodec().decode("h:deadbeef") is None
    assert QuestionCodec().decode("garbage") is None


def test_codec_memory_is_bounded():
    codec = QuestionCodec(memory=2)
    datas = [codec.encode(f"{i} " + "long question " * 10) for i in range(3)]
    assert codec.decode(datas[0]) is None
    assert codec.decode(datas[2]) is not None


# --- command texts ------------------------------------------------------------------------------


def test_help_lists_every_command_in_the_table():
    text = _valid(commands.help_text("BriefTestBot"))
    for name, description in commands.COMMANDS:
        assert f"/{name} — {description}" in text
    assert "/ask@BriefTestBot" in text


def test_command_table_fits_telegrams_menu_rules():
    for name, description in commands.COMMANDS:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", name)
        assert 1 <= len(description) <= 256


def test_start_names_the_article():
    assert "Macron says Russia has no say" in _valid(commands.start_text(KNOWLEDGE, "BriefTestBot"))


def test_example_questions_are_three_of_different_kinds_and_read_as_questions():
    assert example_questions(KNOWLEDGE) == ("What did Lavrov say?", "Who is Lavrov?", "How many troops?")


def test_example_questions_skip_what_cannot_be_answered():
    examples = example_questions(KNOWLEDGE, answerable=lambda q: "Lavrov" not in q)
    assert examples == ("What did Macron say?", "How many troops?")


def test_brief_has_escaped_bullets_each_with_its_sentence_in_a_collapsed_quote():
    text, entities = parse_telegram_html(commands.brief_text(KNOWLEDGE))
    assert "• Russia <has no say> & Macron insists\n“Ukraine is sovereign.”" in text
    assert [e["type"] for e in entities].count("expandable_blockquote") == 1


def test_quotes_are_verbatim_with_speakers_in_article_order():
    text, entities = parse_telegram_html(commands.quotes_text(KNOWLEDGE))
    assert text.index("Emmanuel Macron\n“Ukraine is sovereign.”") < text.index("Sergei Lavrov\n“under any conditions”")
    assert text.count("Sergei Lavrov") == 1
    assert [e["type"] for e in entities].count("blockquote") == 2


def test_who_lists_people_with_roles_and_stances_but_not_places():
    text = _valid(commands.who_text(KNOWLEDGE))
    assert "• Sergei Lavrov, Russian Foreign Secretary: opposes foreign troops in Ukraine" in text
    assert "• Emmanuel Macron, French president: “Ukraine is sovereign.”" in text
    assert "Ukraine —" not in text and "• Ukraine" not in text


def test_source_gives_headline_and_what_the_article_is():
    text = _valid(commands.source_text(KNOWLEDGE))
    assert text.startswith("Macron says Russia has no say\n")
    assert "news article" in text


def test_empty_knowledge_still_renders_every_command():
    empty = Knowledge(headline="", text="Just one line.")
    for text in (commands.brief_text(empty), commands.quotes_text(empty), commands.who_text(empty),
                 commands.source_text(empty), commands.start_text(empty)):
        assert _valid(text).strip()


# --- dependency direction -----------------------------------------------------------------------
