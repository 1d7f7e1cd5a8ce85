"""Robust input: any encoding news comes in, a clear line for what the builder refuses, no crash on odd text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.article_text import MAX_ARTICLE_BYTES, ArticleError, check_article, decode_article
from knowledge.build import build_knowledge, read_article

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("Council approves new bridge | Local | News\n\n"
           "The town council approved the new café bridge on Monday after a two-hour debate. "
           "Its leader, Zoë Martín, said the £4m crossing would open next year. "
           "“It is the right thing for the town and for the people who live on both banks,” she said.\n")


def build_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "knowledge", "build", *args], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, check=False)


def test_a_utf8_byte_order_mark_is_dropped() -> None:
    text, legacy = decode_article(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    assert text == ARTICLE and legacy == ""


@pytest.mark.parametrize("encoding,name", [("cp1252", "Windows-1252"), ("latin-1", "Windows-1252")])
def test_a_legacy_encoding_is_read(encoding: str, name: str) -> None:
    data = ARTICLE.replace("“", '"').replace("”", '"').encode(encoding)
    text, legacy = decode_article(data)
    assert "Zoë Martín" in text and "£4m" in text and legacy == name


def test_a_latin1_control_byte_windows_1252_lacks_still_reads() -> None:
    text, legacy = decode_article("Café ".encode("latin-1") + b"\x81")
    assert text.startswith("Café") and legacy == "Latin-1"


def test_a_windows_1252_file_builds_with_a_note_on_stderr(tmp_path: Path) -> None:
    article = tmp_path / "old.txt"
    article.write_bytes(ARTICLE.encode("cp1252"))
    done = build_cli(str(article), "-o", str(tmp_path / "old.yaml"))
    assert done.returncode == 0, done.stderr
    assert "Windows-1252" in done.stderr and done.stderr.count("\n") == 1
    assert "Zoë Martín" in (tmp_path / "old.yaml").read_text(encoding="utf-8")


def test_an_article_not_in_english_is_one_clear_line(tmp_path: Path) -> None:
    article = tmp_path / "fr.txt"
    article.write_text("Le conseil approuve un nouveau pont\n\nLe conseil municipal a approuvé lundi la construction "
                       "d'un nouveau pont sur la rivière, après un débat de deux heures. Selon la maire, les travaux "
                       "commenceront au printemps et dureront environ dix-huit mois.\n", encoding="utf-8")
    done = build_cli(str(article), "-o", str(tmp_path / "fr.yaml"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "English" in done.stderr


def test_an_unwritable_output_is_one_line_without_traceback(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = build_cli(str(article), "-o", str(blocker / "out.yaml"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "cannot write" in done.stderr


def test_an_article_over_the_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    article = tmp_path / "huge.txt"
    article.write_text("Headline\n\n" + "The council met again. " * (MAX_ARTICLE_BYTES // 20), encoding="utf-8")
    with pytest.raises(ArticleError, match="1,000,000 bytes"):
        read_article(article)
    with pytest.raises(ArticleError, match="limit"):
        build_knowledge(article.read_text(encoding="utf-8"))


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "image.txt"
    article.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ArticleError, match="not a text file"):
        read_article(article)


def test_a_short_text_is_not_judged_by_its_language() -> None:
    check_article("Brexit: la fin")  # too few words to tell; the builder takes it


TRICKY = {
    "citation mark then The": "Forces (continued)\n\nThe objects touch at the surface.:93 The normal force acts. "
                              "The The. The.\n",
    "only a headline": "Markets fall | Business",
    "lone quotation marks": "Storm hits coast\n\n\u201c\n\n\" ' \u2018 \u201d The said, said: \u201c\n",
    "title with nothing after": "Mayor\n\nSaid Mayor. Chief Executive. The Prime Minister of.\n",
    "connectors only": "Of the\n\nOf The And Of the Of. The Of And.\n",
    "numbers and marks": "2024\n\n£ $ € 1,000,000,000 per cent %%% -5 ... ;;; ::: (((( )))) [[[ ]]]\n",
    "names in a row": ("A B C D E F G\n\nAnd then A B C D E F G H I J K L M N O P Q R S T U V W X Y Z said that it was "
                      "the end of the day for all of them.\n"),
}


@pytest.mark.parametrize("text", list(TRICKY.values()), ids=list(TRICKY))
def test_the_builder_never_crashes_on_odd_text(text: str) -> None:
    knowledge = build_knowledge(text)
    assert all(q.is_verbatim_in(text) for q in knowledge.quotes())
