"""Shared fixtures: the engine on the bundled article, built once per session, and an emulated Bot API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from botproc import TOKEN
from telegram_emulator import TelegramEmulator

from bot.engine.engine import Engine
from bot.loading import load_engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return load_engine()


@pytest.fixture(scope="module")
def emulator(request: pytest.FixtureRequest) -> Iterator[TelegramEmulator]:
    """One emulated Bot API for the whole test module, for the bot named by the module's ``BOT``."""
    with TelegramEmulator(TOKEN, username=request.module.BOT) as emu:
        yield emu
