"""Engines for chats' articles: each text built once, in a process of its own, and the recent ones kept.

Building an engine is seconds of pure-Python work for a news article (more for a long one).  Done
in the bot's process it would hold the interpreter and every other chat would wait; so each build
runs in a fresh child process (:mod:`bot.articles.builder`), with a time limit, and only the finished engine comes back.  Engines
are kept by the text's hash in a bounded, least-recently-used cache, so any number of chats on the
same text share one, and a text that is being built is not built a second time.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import sys
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.articles.article import Article, ArticleError
from bot.articles.limits import ArticleLimits
from bot.engine.engine import Engine

__all__ = ["ArticleLibrary", "build_engine"]

logger = logging.getLogger(__name__)
_ROOT = Path(__file__).resolve().parents[2]  # where ``bot`` and ``knowledge`` are, for the child

Builder = Callable[[str, float], Awaitable[Engine]]


async def build_engine(text: str, timeout: float) -> Engine:
    """An engine for ``text``, built by a child process that is killed after ``timeout`` seconds
    (or when the caller is cancelled, e.g. at shutdown).

    Raises:
        ArticleError: the build took too long, or failed (logged as a warning).
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(_ROOT), os.environ.get("PYTHONPATH"))))}
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.articles.builder", env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        output, errors = await asyncio.wait_for(child.communicate(text.encode("utf-8")), timeout)
    except TimeoutError:
        raise ArticleError(f"That article is too long for me to read in {timeout:g} s; try a shorter one.") from None
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
    if child.returncode != 0 or not output:
        problem = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {child.returncode}"]
        logger.warning("Building an article of %d characters failed: %s", len(text), problem[0])
        raise ArticleError("Sorry, I could not make sense of that article.")
    engine = await asyncio.to_thread(pickle.loads, output)  # noqa: S301 - our own child process wrote it
    if not isinstance(engine, Engine):
        raise TypeError(f"the article builder sent a {type(engine).__name__}, not an Engine")
    return engine


class ArticleLibrary:
    """The engines of chats' articles, by content; builds run off the event loop, a few at a time.

    Args:
        limits: ``build_timeout``, ``cache_size`` and ``concurrent_builds`` are used.
        builder: builds one engine; :func:`build_engine` unless a test swaps it.
    """

    def __init__(self, limits: ArticleLimits, builder: Builder = build_engine) -> None:
        self._limits = limits
        self._builder = builder
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._building: dict[str, asyncio.Task[Engine]] = {}
        self._slots: asyncio.Semaphore | None = None

    def cached(self, digest: str) -> Engine | None:
        """The engine for the text with this digest if it is built and kept, else None (no build is started)."""
        engine = self._engines.get(digest)
        if engine is not None:
            self._engines.move_to_end(digest)
        return engine

    async def engine_for(self, article: Article) -> Engine:
        """The engine for ``article``: kept, being built for another chat, or built now.

        Raises:
            ArticleError: the build failed or took too long.
        """
        engine = self.cached(article.digest)
        if engine is not None:
            return engine
        task = self._building.get(article.digest)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._build(article))
            self._building[article.digest] = task
            task.add_done_callback(lambda done: self._finished(article.digest, done))
        return await asyncio.shield(task)  # a cancelled waiter leaves the build to the others

    async def _build(self, article: Article) -> Engine:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._limits.concurrent_builds)
        async with self._slots:
            engine = await self._builder(article.text, self._limits.build_timeout)
        self._engines[article.digest] = engine
        while len(self._engines) > self._limits.cache_size:
            self._engines.popitem(last=False)
        return engine

    async def close(self) -> None:
        """Stop the builds still running (their child processes are killed)."""
        running = list(self._building.values())
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running, timeout=5)

    def _finished(self, digest: str, task: asyncio.Task[Engine]) -> None:
        self._building.pop(digest, None)
        if not task.cancelled():
            task.exception()  # retrieved here, so a failure nobody waited for is not reported twice
