"""Shared fixtures: the engine on the bundled article, built once per session."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.loading import load_engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return load_engine()
