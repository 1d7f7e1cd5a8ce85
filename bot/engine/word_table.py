"""The format of the engine's exported word data: one ``word rest`` line per word, ``#`` comments."""

from __future__ import annotations

from pathlib import Path


def read_word_table(path: Path) -> dict[str, str]:
    """Each line's first word -> the rest of its line, comment and blank lines skipped."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            table[word] = rest
    return table
