"""The real bot (``python run_bot.py run``) as a subprocess against a :class:`TelegramEmulator`.

Shared by the robustness tests and ``bench/load.py``: start it with extra environment, stop it
like systemd would (SIGTERM) or kill it outright, read its log and its peak memory.  The
environment is scrubbed of the caller's ``TELEGRAM_*``/``BRIEFBOT_*`` variables and proxies, so
only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Self

from telegram_emulator import TelegramEmulator

__all__ = ["ROOT", "SECRET", "START_CPU", "START_TIMEOUT", "TOKEN", "BotProcess", "bot_command", "bot_env"]

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456789:AAHfake-TOKEN_for_tests_only_0123456789"
SECRET = TOKEN.partition(":")[2]
#: A bot that has not polled after this much CPU of its own is stuck, however busy the machine is
#: (a start-up takes about 2 s of CPU: imports, loading the bundled article, checking its examples).
START_CPU = 30.0
#: The wall-clock ceiling for a start-up that uses no CPU (blocked), and for other start-up waits;
#: the wait ends as soon as the bot polls, so the ceiling costs nothing unless the bot is broken.
START_TIMEOUT = 120.0


def bot_command() -> list[str]:
    """The entry point users run."""
    return [sys.executable, str(ROOT / "run_bot.py"), "run"]


def bot_env(emulator: TelegramEmulator | None, data_dir: Path, token: str | None = TOKEN,
            **extra: str) -> dict[str, str]:
    """A clean environment for the bot: the caller's Telegram/briefbot settings and proxies removed."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "BRIEFBOT_")) and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost", PYTHONUNBUFFERED="1",
               BRIEFBOT_DATA_DIR=str(data_dir))
    if token is not None:
        env["TELEGRAM_BOT_TOKEN"] = token
    if emulator is not None:
        env["TELEGRAM_API_BASE_URL"] = emulator.base_url
        env["TELEGRAM_API_FILE_URL"] = emulator.file_url
    env.update(extra)
    return env


class BotProcess:
    """One bot process, run with ``args`` after ``run``; its output is appended to ``log``."""

    def __init__(self, emulator: TelegramEmulator, data_dir: Path, log: Path, *, args: Sequence[str] = (),
                 **env: str) -> None:
        self.emulator, self.data_dir, self.log, self.args, self.env = emulator, data_dir, log, list(args), env
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = START_TIMEOUT, **env: str) -> Self:
        """Start (or restart) the bot, with ``env`` over its own environment, and wait until it polls.

        On a loaded machine a start-up takes as long as the machine needs: the wait gives up when
        the bot has used :data:`START_CPU` seconds of CPU without polling, or after ``timeout``.
        """
        polls = len(self.emulator.calls_to("getUpdates"))
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(bot_command() + self.args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                         env=bot_env(self.emulator, self.data_dir, **{**self.env, **env}))
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.emulator.wait_for(
                    lambda: len(self.emulator.calls_to("getUpdates")) > polls or self.proc.poll() is not None,
                    1.0, "the bot to start polling")
                break
            except TimeoutError:
                if self.proc.poll() is not None:
                    break
                if self.cpu_seconds() < START_CPU and time.monotonic() < deadline:
                    continue
                self.kill()
                raise TimeoutError(f"the bot did not start polling (wall-clock limit {timeout:g} s, "
                                   f"CPU limit {START_CPU:g} s):\n{self.log_text()[-2000:]}") from None
        if self.proc.poll() is not None:
            raise RuntimeError(f"the bot exited with {self.proc.returncode}:\n{self.log_text()}")
        return self

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM, as Ctrl-C or systemd would; returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return self.kill()

    def kill(self) -> int | None:
        """SIGKILL: a crash, with no chance to clean up."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.kill()
        return self.proc.wait(10)

    def peak_rss_mb(self) -> float:
        """The process's peak resident memory so far (Linux ``VmHWM``), in MiB."""
        assert self.proc is not None
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    def cpu_seconds(self) -> float:
        """CPU time the process has used so far (user + system, Linux ``/proc/<pid>/stat``)."""
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
