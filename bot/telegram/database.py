"""The bot's one SQLite file, ``<data dir>/briefbot.sqlite3``: opened safely, its schema migrated.

Everything the bot keeps between runs lives here (the update inbox, conversations, per-chat
values), so one WAL transaction covers what one update changes and a crash can't leave half a
file.  Pure stdlib, no ``telegram`` import.

Safety, checked by :func:`open_database` before anything is read:

* the data directory is created ``0700``; one owned by another user or writable by others is
  refused (:class:`DataDirError`, one line); our own but readable by others is tightened to 0700;
* the database and its ``-wal``/``-shm`` files are ``0600``; a symlink or anything but a regular
  file in their place is moved aside, never followed (nobody else can plant one in a 0700 directory);
* a file that is not a briefbot database, is corrupt, or comes from a newer briefbot is moved
  aside (``briefbot.sqlite3.corrupt-<UTC time>``) with one warning, and the bot starts fresh.

Adding a table (for example the per-chat article): declare a :class:`Schema` with a new name and
its ``CREATE`` statements as step 1, and pass it to :func:`open_database` with the others::

    ARTICLES = Schema("articles", steps=(
        "CREATE TABLE chat_article (chat_id INTEGER PRIMARY KEY, article TEXT NOT NULL,"
        " used REAL NOT NULL)",
    ), pruned=("chat_article",))

Never edit a released step; append a new one (``ALTER TABLE ...``): each schema's version is the
number of steps applied.  Tables named in ``pruned`` need ``chat_id`` and ``used`` (a Unix time)
columns; :meth:`Database.prune` deletes their rows unused for the retention period.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DATABASE_FILE", "DataDirError", "Database", "Schema", "open_database", "prepare_data_dir"]

logger = logging.getLogger("briefbot")

DATABASE_FILE = "briefbot.sqlite3"
#: ``PRAGMA application_id``: marks the file as briefbot's ("BrfB"), so another program's SQLite
#: file in the data directory is moved aside rather than migrated.
APPLICATION_ID = 0x42726642
#: ``PRAGMA user_version``: the layout of the ``schema_version`` table itself.
FORMAT_VERSION = 1
_SIDE_FILES = ("-wal", "-shm")
#: Checkpoint the WAL every 32 pages (128 KiB) and cut it back to 128 KiB afterwards, so the data
#: directory stays small under load (SQLite's default lets the WAL reach 4 MiB and keeps it; at
#: 64 pages the WAL was 256 KiB of the 1.8 MB the data dir reached in ``bench/inbox.py scale``).
_WAL_PAGES = 32
_WAL_LIMIT = 128 * 1024
#: :meth:`Database.compact` gives free pages back once this many (256 KiB) are free: fewer is not
#: worth rewriting pages for.
_COMPACT_AT = 64


class DataDirError(OSError):
    """The data directory can't be used safely; ``str()`` is one line for the user."""


@dataclass(frozen=True, slots=True)
class Schema:
    """One part of the database: its tables as numbered migration steps (SQL scripts).

    Attributes:
        name: unique name; its applied step count is kept in ``schema_version``.
        steps: step ``i`` takes the schema from version ``i`` to ``i + 1``; never edit a released one.
        pruned: tables with ``chat_id`` and ``used`` columns whose old rows :meth:`Database.prune` deletes.
    """

    name: str
    steps: tuple[str, ...]
    pruned: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name or not self.steps:
            raise ValueError(f"schema {self.name!r} needs a name and at least one step")


class _Unusable(Exception):
    """The database file can't be used as it is (the message says why); it is moved aside."""


class Database:
    """An open briefbot database: one connection, used from one thread (the event loop's).

    Statements run in autocommit mode (each is its own transaction: WAL makes that cheap, and a
    crash loses at most the statement in progress); :meth:`transaction` groups several.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, schemas: Sequence[Schema]) -> None:
        self.path = path
        self.connection = connection
        self._pruned = tuple(table for schema in schemas for table in schema.pruned)

    def execute(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, parameters)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` if the block raises)."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def prune(self, now: float, retention: float) -> int:
        """Delete rows of every ``pruned`` table unused for ``retention`` seconds; return how many."""
        cutoff = now - retention
        with self.transaction() as connection:
            return sum(connection.execute(f"DELETE FROM {table} WHERE used < ?", (cutoff,)).rowcount
                       for table in self._pruned)

    def compact(self) -> int:
        """Give pages freed meanwhile (pruned rows, a backlog of updates handled) back to the disk.

        SQLite reuses free pages but never shrinks the file by itself, so after a burst the file
        would stay at its peak.  Returns how many pages were given back (0 below :data:`_COMPACT_AT`).
        """
        free = self.connection.execute("PRAGMA freelist_count").fetchone()[0]
        if free < _COMPACT_AT:
            return 0
        # One page per step; Python's execute() steps a statement without columns only once (a
        # page a call: the prune's vacuum gave back one page a minute), executescript() to the end.
        self.connection.executescript("PRAGMA incremental_vacuum")
        return free

    def close(self) -> None:
        self.connection.close()


def prepare_data_dir(data_dir: Path) -> None:
    """Create ``data_dir`` (0700) or check an existing one is this user's and private.

    Raises:
        DataDirError: one line naming the directory and what is wrong.
    """
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = data_dir.stat()
    except OSError as exc:
        raise DataDirError(f"cannot use data directory {data_dir}: {exc.strerror or exc.__class__.__name__}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise DataDirError(f"cannot use data directory {data_dir}: it is not a directory")
    if info.st_uid != os.geteuid():
        raise DataDirError(f"refusing data directory {data_dir}: it belongs to user id {info.st_uid}, "
                           f"not to this user ({os.geteuid()})")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise DataDirError(f"refusing data directory {data_dir}: other users can write to it "
                           f"(mode {stat.S_IMODE(info.st_mode):04o}); run: chmod 700 {data_dir}")
    try:
        if stat.S_IMODE(info.st_mode) != 0o700:
            os.chmod(data_dir, 0o700)
        probe = data_dir / f".write-test-{os.getpid()}"
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
        probe.unlink()
    except OSError as exc:
        raise DataDirError(f"cannot use data directory {data_dir}: {exc.strerror or exc.__class__.__name__}") from None


def open_database(data_dir: Path, schemas: Sequence[Schema], now: float | None = None) -> Database:
    """Open (or create) the database in ``data_dir`` and bring every schema up to date.

    A file that can't be used (not a regular file, not briefbot's, corrupt, from a newer
    briefbot) is moved aside with one warning and a fresh database is created.

    Raises:
        DataDirError: the directory is unsafe or unusable, or a bad file can't be moved aside.
    """
    names = [schema.name for schema in schemas]
    if len(set(names)) != len(names):
        raise ValueError(f"schema names must be unique: {names}")
    prepare_data_dir(data_dir)
    path = data_dir / DATABASE_FILE
    try:
        _move_aside_if_not_regular(path, now)
        try:
            return _open(path, schemas)
        except (_Unusable, sqlite3.DatabaseError) as problem:
            reason = str(problem) if isinstance(problem, _Unusable) else f"unreadable ({problem})"
            target = _move_aside(path, now)
            logger.warning("Database %s %s; moved it to %s and starting with an empty one", path, reason, target)
            return _open(path, schemas)
    except OSError as exc:
        raise DataDirError(f"cannot use database {path}: {exc.strerror or exc.__class__.__name__}") from None


def _open(path: Path, schemas: Sequence[Schema]) -> Database:
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        _check(connection)
        connection.execute("PRAGMA journal_mode=WAL")
        # Every commit reaches the OS before it returns, so a crash of the bot (SIGKILL, OOM) loses
        # nothing; SQLite never waits for the disk, which would stall the event loop for tens of
        # milliseconds at each checkpoint.  A power cut may lose the last commits, or the file
        # (then moved aside at the next start).
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute(f"PRAGMA wal_autocheckpoint={_WAL_PAGES}")
        connection.execute(f"PRAGMA journal_size_limit={_WAL_LIMIT}")
        _migrate(connection, schemas)
    except BaseException:
        connection.close()
        raise
    for suffix in ("", *_SIDE_FILES):  # SQLite gives -wal and -shm the database's mode; make sure
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path.with_name(path.name + suffix), 0o600, follow_symlinks=False)
    return Database(path, connection, schemas)


def _check(connection: sqlite3.Connection) -> None:
    """Raise :class:`_Unusable` unless this is an empty file or an intact briefbot database."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application_id == 0 and tables == 0:
        connection.execute("PRAGMA auto_vacuum=INCREMENTAL")  # freed pages can be given back (prune)
        connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version={FORMAT_VERSION}")
        return
    if application_id != APPLICATION_ID:
        raise _Unusable("is not a briefbot database")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version != FORMAT_VERSION:
        raise _Unusable(f"has format version {version}, this briefbot reads {FORMAT_VERSION}")
    verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        raise _Unusable(f"is corrupt ({verdict})")


def _migrate(connection: sqlite3.Connection, schemas: Sequence[Schema]) -> None:
    """Apply each schema's missing steps, all in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("CREATE TABLE IF NOT EXISTS schema_version "
                           "(name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID")
        applied = dict(connection.execute("SELECT name, version FROM schema_version"))
        for schema in schemas:
            version = applied.get(schema.name, 0)
            if version > len(schema.steps):
                raise _Unusable(f"has {schema.name} tables at version {version}, newer than this "
                                f"briefbot's {len(schema.steps)}")
            for step in schema.steps[version:]:
                for statement in _statements(step):
                    connection.execute(statement)
            connection.execute("INSERT INTO schema_version VALUES (?, ?) ON CONFLICT (name) DO UPDATE "
                               "SET version = excluded.version", (schema.name, len(schema.steps)))
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """Split a step into statements (``executescript`` would commit the migration's transaction)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def _move_aside_if_not_regular(path: Path, now: float | None) -> None:
    """Move a symlink (or any non-regular file) at the database or its side files out of the way."""
    for suffix in ("", *_SIDE_FILES):
        candidate = path.with_name(path.name + suffix)
        try:
            mode = candidate.lstat().st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            target = _aside_name(candidate, now)
            candidate.rename(target)  # renames the link itself; its target is never touched
            logger.warning("%s is not a regular file (a symlink?); moved it to %s without following it",
                           candidate, target)


def _move_aside(path: Path, now: float | None) -> Path:
    """Rename the database and its side files to ``<name>.corrupt-<UTC time>[...]``; return the new name."""
    target = _aside_name(path, now)
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    os.chmod(target, 0o600)  # it may hold conversations: as private as the database was meant to be
    return target


def _aside_name(path: Path, now: float | None) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists() or target.is_symlink():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    return target
