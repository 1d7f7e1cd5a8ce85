"""Where conversations survive restarts: PTB's pickle file, written in batches."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from telegram.ext import PersistenceInput, PicklePersistence

__all__ = ["BatchedPicklePersistence"]

logger = logging.getLogger("briefbot")


class BatchedPicklePersistence(PicklePersistence):
    """PTB's pickle file, written once per persistence run rather than once per changed chat.

    PTB's ``PicklePersistence`` rewrites the whole file for every chat whose data changed, so a
    busy bot spent most of its time pickling; here changes go to memory and one write follows.
    """

    def __init__(self, filepath: Path, update_interval: float = 10) -> None:
        super().__init__(
            filepath=filepath, on_flush=True, update_interval=update_interval,
            store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=False, callback_data=False),
        )
        self._writing: asyncio.Task[None] | None = None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        await super().update_chat_data(chat_id, data)
        self._write_soon()

    async def drop_chat_data(self, chat_id: int) -> None:
        await super().drop_chat_data(chat_id)
        self._write_soon()

    def _write_soon(self) -> None:
        """One write after this run's updates (they are gathered together), not one per chat."""
        if self._writing is None or self._writing.done():
            self._writing = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        await asyncio.sleep(0)
        try:
            await self.flush()
        except OSError as error:
            logger.warning("Cannot save conversations to %s: %s", self.filepath, error.strerror or error)

