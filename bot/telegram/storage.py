"""The data directory: checked before the bot starts, and a corrupt conversations file moved aside.

Pure stdlib, no ``telegram`` import.  The conversations file is PTB's pickle; this module only
checks that it unpickles (as PTB will) and, if not, renames it so the bot can start fresh instead
of failing on every start.
"""

from __future__ import annotations

import io
import os
import pickle
import time
from pathlib import Path

__all__ = ["DataDirError", "check_data_dir", "quarantine_if_corrupt"]


class DataDirError(OSError):
    """The data directory can't be created or written; ``str()`` is one line for the user."""


def check_data_dir(data_dir: Path) -> None:
    """Create ``data_dir`` if needed and prove it is writable.

    Raises:
        DataDirError: one line naming the directory and the reason.
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise DataDirError(f"cannot use data directory {data_dir}: {reason}") from None


class _AnyPersistentId(pickle.Unpickler):
    """PTB pickles the bot as a persistent id; any placeholder will do for a check."""

    def persistent_load(self, pid: object) -> None:
        return None


def _unpickle_problem(path: Path) -> str | None:
    """Why ``path`` won't load as a PTB persistence file, or None when it does (or is absent)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc.__class__.__name__})"
    try:
        loaded = _AnyPersistentId(io.BytesIO(data)).load()
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means "corrupt"
        return f"not a valid pickle ({exc.__class__.__name__})"
    if not isinstance(loaded, dict):
        return f"holds a {type(loaded).__name__}, not the expected dict"
    return None


def quarantine_if_corrupt(path: Path, now: float | None = None) -> tuple[Path, str] | None:
    """Move a corrupt persistence file aside; return (where it went, what was wrong), or None.

    The file is renamed to ``<name>.corrupt-<UTC timestamp>`` next to it, so nothing is deleted
    and the bot starts with empty conversations.
    """
    problem = _unpickle_problem(path)
    if problem is None:
        return None
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    path.rename(target)
    return target, problem
