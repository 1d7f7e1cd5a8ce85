"""Shared fixtures: the engine on the bundled article, built once per session, and an emulated Bot API."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from botproc import TOKEN
from telegram_emulator import TelegramEmulator

from bot.engine.engine import ENGINE_FAILURE, Engine
from bot.loading import load_engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return load_engine()


@pytest.fixture(scope="module")
def emulator(request: pytest.FixtureRequest) -> Iterator[TelegramEmulator]:
    """One emulated Bot API for the whole test module, for the bot named by the module's ``BOT``."""
    with TelegramEmulator(TOKEN, username=request.module.BOT) as emu:
        yield emu


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.failures: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(ENGINE_FAILURE):
            self.failures.append(self.format(record))


@pytest.fixture(autouse=True)
def no_swallowed_engine_failures(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail any test during which the engine caught an exception of its own (it logs it at ERROR).

    ``Engine.reply`` turns a bug into a polite decline so one message never costs the chat; without
    this, "never raises" tests would pass with a broken engine.
    """
    recorder = _Recorder()
    engine_log = logging.getLogger("bot.engine.engine")
    engine_log.addHandler(recorder)
    try:
        yield
    finally:
        engine_log.removeHandler(recorder)
    if request.node.get_closest_marker("engine_failure_expected") is None:
        assert not recorder.failures, "the engine swallowed an exception:\n" + "\n".join(recorder.failures)
