"""A chat's own article: fetching (limits, refusals, public addresses only), extraction, checks, building.

Pages come from a local server on 127.0.0.1 (:mod:`article_server`); the fixtures in
``tests/data/articles`` are invented news pages with the boilerplate real ones carry.  Private
addresses are refused before any connection is made, so the refusal tests contact nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from article_server import ArticleServer, Route
from botproc import ROOT, bot_env

from bot.articles import (
    Article,
    ArticleError,
    ArticleLimits,
    article_from_file,
    article_from_html,
    article_from_text,
    article_from_url,
    fetch_page,
)
from bot.articles import fetch as fetch_module
from bot.articles.library import ArticleLibrary, build_engine
from bot.settings import Settings, SettingsError

DATA = Path(__file__).parent / "data" / "articles"
NEWS_PAGE = (DATA / "news_page.html").read_bytes()
FEATURE_PAGE = (DATA / "feature_page.html").read_bytes()
FERRY_TEXT = (DATA / "ferry_strike.txt").read_text(encoding="utf-8")
LOCAL = ArticleLimits(allow_private=True)
PUBLIC_ONLY = ArticleLimits()
FRENCH = ("Le conseil municipal a voté mardi soir un nouveau plan pour les transports de la ville. "
          "Selon le maire, les travaux commenceront au printemps et dureront deux ans. Les habitants du "
          "quartier nord ont demandé des pistes cyclables plus larges et des bus plus fréquents. "
          "L'opposition estime que le budget est trop élevé et que les commerçants n'ont pas été consultés.")


@pytest.fixture(scope="module")
def server():
    with ArticleServer({
        "/news": Route(NEWS_PAGE),
        "/feature": Route(FEATURE_PAGE, content_type="text/html"),
        "/plain": Route(FERRY_TEXT.encode("utf-8"), content_type="text/plain; charset=utf-8"),
        "/untyped": Route(NEWS_PAGE, content_type=None),
        "/pdf": Route(b"%PDF-1.7 ...", content_type="application/pdf"),
        "/gone": Route(b"<h1>Gone</h1>", status=410),
        "/huge": Route(b"<p>" + b"x" * 6 * 1024 * 1024 + b"</p>"),
        "/huge-undeclared": Route(b"<p>" + b"x" * 6 * 1024 * 1024 + b"</p>", declare_length=False),
        "/slow": Route(NEWS_PAGE, delay=2.0),
        "/trickle": Route(NEWS_PAGE, trickle=0.2),
        "/moved": Route(status=301, headers={"Location": "/news"}),
        "/loop": Route(status=302, headers={"Location": "/loop"}),
        "/tiny": Route(b"<html><body><p>Subscribe now.</p></body></html>"),
    }) as running:
        yield running


# --- fetching -------------------------------------------------------------------------------------


def test_a_page_is_fetched_as_html(server):
    page = fetch_page(server.url("/news"), LOCAL)
    assert page.kind == "html" and page.body == NEWS_PAGE and page.url == server.url("/news")


def test_plain_text_is_fetched_as_text_with_its_charset(server):
    page = fetch_page(server.url("/plain"), LOCAL)
    assert (page.kind, page.charset) == ("text", "utf-8")


def test_a_page_without_a_content_type_is_told_by_its_start(server):
    assert fetch_page(server.url("/untyped"), LOCAL).kind == "html"


def test_redirects_are_followed_to_the_final_page(server):
    page = fetch_page(server.url("/moved"), LOCAL)
    assert page.url == server.url("/news") and page.body == NEWS_PAGE


@pytest.mark.parametrize(("path", "expected", "limits"), [
    ("/gone", "HTTP 410 Gone", LOCAL),
    ("/missing", "HTTP 404 Not Found", LOCAL),
    ("/pdf", "not a web page or text (it is application/pdf)", LOCAL),
    ("/huge", "larger than 5 MB", LOCAL),
    ("/huge-undeclared", "larger than 5 MB", LOCAL),
    ("/loop", "redirects more than 5 times", LOCAL),
    ("/slow", "took longer than 0.5 s", dataclasses.replace(LOCAL, fetch_timeout=0.5)),
    ("/trickle", "took longer than 0.5 s", dataclasses.replace(LOCAL, fetch_timeout=0.5)),
], ids=["http-error", "not-found", "not-html", "too-big", "too-big-without-length", "redirect-loop",
        "slow-to-answer", "slow-to-send"])
def test_a_page_that_cannot_be_used_is_refused_in_one_line(server, path, expected, limits):
    with pytest.raises(ArticleError) as refused:
        fetch_page(server.url(path), limits)
    assert expected in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize("url", ["ftp://example.org/story.txt", "file:///etc/passwd", "example.org/story",
                                 "http://"], ids=["ftp", "file", "no-scheme", "no-host"])
def test_only_http_and_https_links_are_read(url):
    with pytest.raises(ArticleError, match="not an http or https link"):
        fetch_page(url, LOCAL)


def test_loopback_is_refused_without_the_setting_and_nothing_is_requested(server):
    before = len(server.requests)
    for url in (server.url("/news"), f"http://localhost:{server.port}/news", f"http://[::1]:{server.port}/news"):
        with pytest.raises(ArticleError, match="private or local network"):
            fetch_page(url, PUBLIC_ONLY)
    assert len(server.requests) == before


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.0.10", "169.254.169.254",
                                     "224.0.0.251", "0.0.0.0", "100.64.0.1", "::1", "fe80::1", "fc00::5",
                                     "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"])
def test_non_public_addresses_are_private(address):
    assert fetch_module._is_private(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_not_private(address):
    assert not fetch_module._is_private(address)


def test_a_name_that_resolves_to_a_private_address_is_refused(monkeypatch):
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == "intranet.example":  # a public-looking name pointing inside the network
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(ArticleError, match="intranet.example is on a private or local network"):
        fetch_page("http://intranet.example/news", PUBLIC_ONLY)


def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch):
    # 127.0.0.1 stands in for a public site here; every other address is private as usual.
    monkeypatch.setattr(fetch_module, "_is_private", lambda address: address != "127.0.0.1")
    server.routes["/to-inside"] = Route(status=302, headers={"Location": "http://10.0.0.7/admin"})
    with pytest.raises(ArticleError, match="10.0.0.7 is on a private or local network"):
        fetch_page(server.url("/to-inside"), PUBLIC_ONLY)


# --- extraction -----------------------------------------------------------------------------------

NEWS_BODY = [
    "Ferries between Harwick and the Tellin Isles will sail again on Monday after crews voted to accept a new "
    "pay offer, ending a six-week strike that left islanders without a daily service.",
    "Councillor Fen Whitlock said the stopgap had cost the council about £180,000.",
    "she had thrown away most of her fresh stock.",
]
NEWS_BOILERPLATE = ["cookies", "Subscribe", "Related stories", "lighthouse", "Coastal Briefing", "Most read",
                    "Storm warning", "All rights reserved", "Privacy policy", "Share on", "Puzzles"]
FEATURE_BODY = [
    "Millbrook’s central library reopened on Saturday after an eighteen-month refurbishment that added a "
    "rooftop reading garden, a children’s floor and a café.",
    "“People queued round the block before we opened the doors,” she said.",
    "a review of opening hours is due in the autumn.",
]
FEATURE_BOILERPLATE = ["cookie", "Sign in", "Obituaries", "Tags:", "Read more", "bus route", "parking",
                       "bookworm77", "Trending", "ADVERTISEMENT", "Copyright", "Valley Courier"]


@pytest.mark.parametrize(("page", "headline", "body", "boilerplate"), [
    (NEWS_PAGE, "Harwick ferry service to resume after six-week strike", NEWS_BODY, NEWS_BOILERPLATE),
    (FEATURE_PAGE, "Millbrook library reopens with a rooftop reading garden", FEATURE_BODY, FEATURE_BOILERPLATE),
], ids=["news-site", "old-table-layout-in-windows-1252"])
def test_extraction_keeps_the_headline_and_body_and_drops_the_boilerplate(page, headline, body, boilerplate):
    article = article_from_html(page, "page", LOCAL)
    assert article.headline == headline
    lines = article.text.split("\n")
    assert lines[1] == body[0]  # the body starts right after the headline, its paragraph on one line
    for sentence in body[1:]:
        assert sentence in article.text
    for junk in boilerplate:
        assert junk not in article.text, junk
    assert article.text.count(headline) == 1


def test_a_fetched_page_becomes_an_article_named_by_its_url(server):
    article = article_from_url(server.url("/moved"), LOCAL)
    assert article.source == server.url("/news")
    assert article.headline == "Harwick ferry service to resume after six-week strike"


def test_a_page_with_too_little_text_is_refused(server):
    with pytest.raises(ArticleError, match="too little text to be an article"):
        article_from_url(server.url("/tiny"), LOCAL)


def test_pasted_text_takes_its_first_line_as_the_headline_and_drops_blank_lines():
    article = article_from_text(FERRY_TEXT.replace("\n", "\r\n"), "pasted text", LOCAL)
    assert article.headline == "Harwick ferry service to resume after six-week strike"
    assert "\n\n" not in article.text and "\r" not in article.text
    assert article.text.split("\n")[1].startswith("Ferries between Harwick")


@pytest.mark.parametrize(("text", "expected"), [
    ("Short headline\nToo short to brief on.", "too little text to be an article (7 words; I need at least 40)"),
    ("Conseil municipal\n" + FRENCH, "pasted text: this does not look like English"),
    ("   \n\n ", "no text"),
], ids=["too-short", "french", "empty"])
def test_text_that_is_not_an_article_is_refused(text, expected):
    with pytest.raises(ArticleError, match=re.escape(expected)):
        article_from_text(text, "pasted text", LOCAL)


def test_text_over_the_size_limit_is_refused():
    with pytest.raises(ArticleError, match=r"pasted text: 1,\d{3},\d{3} bytes is over the limit .* \(1 MB\)"):
        article_from_text(FERRY_TEXT * 1500, "pasted text", LOCAL)


@pytest.mark.parametrize(("name", "data", "headline"), [
    ("ferry.txt", FERRY_TEXT.encode("utf-8"), "Harwick ferry service to resume after six-week strike"),
    ("ferry-latin1.TXT", FERRY_TEXT.encode("cp1252"), "Harwick ferry service to resume after six-week strike"),
    ("library.html", FEATURE_PAGE, "Millbrook library reopens with a rooftop reading garden"),
], ids=["utf-8-text", "windows-1252-text", "html"])
def test_a_text_or_html_file_is_read_by_its_name(name, data, headline):
    article = article_from_file(name, data, LOCAL)
    assert (article.headline, article.source) == (headline, name)
    assert "£" in article.text or "café" in article.text


def test_other_files_are_refused():
    with pytest.raises(ArticleError, match="I read .txt and .html files; report.pdf is neither"):
        article_from_file("report.pdf", b"%PDF-1.7", LOCAL)


# --- building -------------------------------------------------------------------------------------


def test_the_same_text_from_two_chats_is_built_once():
    built: list[str] = []

    async def builder(text: str, timeout: float):
        built.append(text)
        return object()

    library = ArticleLibrary(LOCAL, builder=builder)
    first, second = Article(FERRY_TEXT, "pasted text"), Article(FERRY_TEXT, "ferry.txt")

    async def both():
        return await asyncio.gather(library.engine_for(first), library.engine_for(second))

    a, b = asyncio.run(both())
    assert a is b and built == [FERRY_TEXT]
    assert library.cached(Article(FERRY_TEXT, "anywhere").digest) is a


def test_the_cache_keeps_only_the_most_recently_used_articles():
    async def builder(text: str, timeout: float):
        return object()

    library = ArticleLibrary(dataclasses.replace(LOCAL, cache_size=2), builder=builder)
    articles = [Article(f"Headline {n}\n{FERRY_TEXT}", "pasted text") for n in range(3)]

    async def load(*chosen):
        for article in chosen:
            await library.engine_for(article)

    asyncio.run(load(articles[0], articles[1]))
    assert library.cached(articles[0].digest) is not None  # used again: now the most recent
    asyncio.run(load(articles[2]))
    assert library.cached(articles[1].digest) is None
    assert library.cached(articles[0].digest) is not None and library.cached(articles[2].digest) is not None


def test_a_failed_build_is_refused_and_tried_again_next_time():
    calls: list[int] = []

    async def builder(text: str, timeout: float):
        calls.append(1)
        if len(calls) == 1:
            raise ArticleError("Sorry, I could not make sense of that article.")
        return object()

    library = ArticleLibrary(LOCAL, builder=builder)
    article = Article(FERRY_TEXT, "pasted text")
    with pytest.raises(ArticleError, match="could not make sense"):
        asyncio.run(library.engine_for(article))
    assert library.cached(article.digest) is None
    assert asyncio.run(library.engine_for(article)) is not None and len(calls) == 2


def test_an_engine_built_in_its_own_process_answers_from_the_article():
    engine = asyncio.run(build_engine(article_from_text(FERRY_TEXT, "pasted text", LOCAL).text, timeout=60))
    reply, _ = engine.reply("How many members voted in favour of the deal?")
    assert reply.answered and "412" in reply.text
    assert reply.quote.text in FERRY_TEXT


def test_a_build_that_takes_too_long_is_refused():
    with pytest.raises(ArticleError, match="too long for me to read in 0.01 s"):
        asyncio.run(build_engine(FERRY_TEXT, timeout=0.01))


# --- settings and the command line ------------------------------------------------------------------


def test_article_settings_come_from_the_environment():
    assert Settings.from_env({}).articles == ArticleLimits()
    limits = Settings.from_env({"BRIEFBOT_FETCH_ALLOW_PRIVATE": "1", "BRIEFBOT_FETCH_TIMEOUT": "5"}).articles
    assert limits.allow_private and limits.fetch_timeout == 5.0


@pytest.mark.parametrize(("name", "value"), [("BRIEFBOT_FETCH_ALLOW_PRIVATE", "maybe"),
                                             ("BRIEFBOT_FETCH_TIMEOUT", "forever")])
def test_a_bad_article_setting_is_one_line_naming_it(name, value):
    with pytest.raises(SettingsError, match=f"^{name}={value!r} is not"):
        Settings.from_env({name: value})


def _ask(url: str, question: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "run_bot.py"), "ask", "--json", "--article", url, question],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=bot_env(None, ROOT, **env))


def test_the_command_line_answers_from_an_article_at_a_url(server):
    done = _ask(server.url("/news"), "How much did the stopgap cost the council?", BRIEFBOT_FETCH_ALLOW_PRIVATE="1")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert "£180,000" in answer["answer"]


def test_the_command_line_refuses_a_private_address_in_one_line(server):
    done = _ask(server.url("/news"), "Who is on strike?")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == (f"error: {server.url('/news')}: 127.0.0.1 is on a private or local network; "
                                   "I only read public web pages.")


def _build_children() -> list[int]:
    """Process ids of this process's article-build children still alive (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields.get("PPid", "0").strip()) == os.getpid() and b"bot.articles.builder" in cmdline \
                and not fields.get("State", "").startswith("Z"):
            found.append(int(status.parent.name))
    return found


def test_closing_the_library_stops_a_running_build_and_its_process():
    library = ArticleLibrary(LOCAL)
    article = Article(FERRY_TEXT, "pasted text")

    async def start_then_close() -> asyncio.Task:
        waiting = asyncio.ensure_future(library.engine_for(article))
        for _ in range(200):  # until the child process is there
            if _build_children():
                break
            await asyncio.sleep(0.05)
        assert _build_children()
        await library.close()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        return waiting

    asyncio.run(start_then_close())
    assert _build_children() == [] and library.cached(article.digest) is None
