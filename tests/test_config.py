"""Bad configuration and data, and secrets: one clear line, the right exit code, no token anywhere.

Settings are checked as a pure function first; then the real entry point is run with each kind
of bad input (environment values, knowledge YAML, article, data directory) and must print one
line naming what is wrong and where, with a non-zero exit.  An unsafe data directory is refused, a
corrupt database is moved aside and the bot starts fresh, an old pickle is never loaded.  Finally the token is hunted for in everything the bot prints,
at DEBUG with the Bot API request logs on, in error tracebacks and in crash output.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from botproc import ROOT, SECRET, TOKEN, BotProcess, bot_command, bot_env
from telegram_emulator import ApiCall, Fault, TelegramEmulator

from bot.access import FloodLimit
from bot.settings import Settings, SettingsError

BOT = "BriefConfigBot"
LAVROV = "What did Lavrov say?"

# --- settings (pure) ----------------------------------------------------------------------------


def test_unset_environment_gives_the_defaults():
    assert Settings.from_env({}) == Settings()
    assert Settings().flood_limit == FloodLimit(10, 60) and Settings().allowed_chats is None


def test_every_setting_is_read_from_the_environment():
    settings = Settings.from_env({
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot", "TELEGRAM_API_FILE_URL": "http://127.0.0.1:8081/file/bot",
        "BRIEFBOT_DATA_DIR": "/var/lib/briefbot", "BRIEFBOT_LOG_LEVEL": "debug", "BRIEFBOT_ALLOWED_CHATS": "1,-2",
        "BRIEFBOT_FLOOD_LIMIT": "off", "BRIEFBOT_RATE_LIMITS": "off", "BRIEFBOT_POLL_TIMEOUT": "25",
        "BRIEFBOT_REQUEST_TIMEOUT": "7.5", "BRIEFBOT_CONCURRENCY": "16", "BRIEFBOT_PRIVATE_FLOOD_LIMIT": "5/10",
        "BRIEFBOT_RETENTION_HOURS": "2.5", "BRIEFBOT_START_TIMEOUT": "30", "BRIEFBOT_COUNT_UNANSWERED": "off",
        "UNRELATED": "x",
    })
    assert settings == Settings(
        base_url="http://127.0.0.1:8081/bot", file_url="http://127.0.0.1:8081/file/bot",
        data_dir=Path("/var/lib/briefbot"), log_level="DEBUG", allowed_chats=frozenset({1, -2}), flood_limit=None,
        rate_limits=False, poll_timeout=25.0, request_timeout=7.5, concurrency=16,
        private_flood_limit=FloodLimit(5, 10), retention_hours=2.5, start_timeout=30.0, count_unanswered=False)


def test_allowed_chats_takes_the_short_name_too():
    assert Settings.from_env({"ALLOWED_CHATS": "5, -100123"}).allowed_chats == frozenset({5, -100123})


@pytest.mark.parametrize("name, value, says", [
    ("BRIEFBOT_LOG_LEVEL", "LOUD", "not one of DEBUG"),
    ("ALLOWED_CHATS", "1,two", "'two' is not a chat id"),
    ("BRIEFBOT_ALLOWED_CHATS", "123,@mygroup", "'@mygroup' is not a chat id"),
    ("BRIEFBOT_FLOOD_LIMIT", "lots", "not a flood limit like 10/60"),
    ("BRIEFBOT_RATE_LIMITS", "fast", "not 'telegram'"),
    ("BRIEFBOT_COUNT_UNANSWERED", "maybe", "not 'on'"),
    ("BRIEFBOT_POLL_TIMEOUT", "soon", "not a number of seconds"),
    ("BRIEFBOT_POLL_TIMEOUT", "90", "at most 50"),
    ("BRIEFBOT_REQUEST_TIMEOUT", "-1", "not a number of seconds"),
    ("BRIEFBOT_CONCURRENCY", "0", "from 1 to 1024"),
    ("BRIEFBOT_PRIVATE_FLOOD_LIMIT", "fast", "not a flood limit like 10/60"),
    ("BRIEFBOT_RETENTION_HOURS", "forever", "not a number of hours"),
    ("BRIEFBOT_START_TIMEOUT", "0", "not a number of seconds"),
    ("TELEGRAM_API_BASE_URL", "api.telegram.org/bot", "not an http(s) URL"),
    ("TELEGRAM_API_BASE_URL", "https://api.telegram.org", "must end in /bot"),
    ("TELEGRAM_API_FILE_URL", "ftp://files/file/bot", "not an http(s) URL"),
], ids=lambda v: v if isinstance(v, str) and v.isupper() else None)
def test_a_bad_value_is_one_line_naming_the_variable_and_the_value(name, value, says):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: value})
    message = str(raised.value)
    assert name in message and says in message and "\n" not in message


# --- the entry point with bad configuration -------------------------------------------------------


def run_bot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(bot_command() + list(args), cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=False, env=bot_env(None, tmp_path / "data", **env))


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = (result.stderr + result.stdout).strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


@pytest.mark.parametrize("env, says", [
    ({"BRIEFBOT_LOG_LEVEL": "LOUD"}, "BRIEFBOT_LOG_LEVEL='LOUD' is not one of"),
    ({"BRIEFBOT_ALLOWED_CHATS": "@mygroup"}, "BRIEFBOT_ALLOWED_CHATS: '@mygroup' is not a chat id"),
    ({"TELEGRAM_API_BASE_URL": f"https://example.org/bot{TOKEN}"}, "TELEGRAM_API_BASE_URL="),
], ids=["log-level", "allowed-chats", "base-url-quoting-the-token"])
def test_bad_environment_is_one_line_and_exit_code_2(tmp_path, env, says):
    result = run_bot(tmp_path, **env)
    assert result.returncode == 2
    line = one_line(result)
    assert says in line
    assert SECRET not in result.stderr + result.stdout


def _write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("flag, name, content, says", [
    ("--knowledge", "missing.yaml", None, "missing.yaml: file not found"),
    ("--knowledge", "broken.yaml", b"headline: [unclosed\n", "broken.yaml: line 2: malformed YAML"),
    ("--knowledge", "wrong.yaml", b"- a list\n- not a mapping\n", "wrong.yaml: line 1: knowledge: expected a mapping"),
    ("--knowledge", "binary.yaml", bytes(range(128, 256)), "binary.yaml: cannot read"),
    ("--article", "binary.txt", b"\xff\xfe\x00\x81 not text", "binary.txt: cannot read the article"),
    ("--article", "empty.txt", b"  \n", "empty.txt: the article file is empty"),
    ("--article", "folder", b"", "folder: cannot read the article"),
], ids=["missing-yaml", "malformed-yaml", "wrong-shape-yaml", "binary-yaml", "binary-article", "empty-article",
        "article-is-a-folder"])
def test_bad_knowledge_or_article_is_one_line_naming_the_file(tmp_path, flag, name, content, says):
    path = tmp_path / name
    if name == "folder":
        path.mkdir()
    elif content is not None:
        _write(path, content)
    result = run_bot(tmp_path, flag, str(path))
    assert result.returncode == 2
    assert says in one_line(result)


def test_a_data_directory_that_is_a_file_is_one_line_and_exit_code_2(tmp_path):
    blocker = _write(tmp_path / "not-a-dir", b"x")
    result = run_bot(tmp_path, "--data-dir", str(blocker / "sub"))
    assert result.returncode == 2
    assert f"cannot use data directory {blocker / 'sub'}" in one_line(result)


# --- the data directory and the database ------------------------------------------------------


def test_a_data_directory_others_can_write_is_refused_in_one_line(tmp_path):
    data = tmp_path / "shared"
    data.mkdir()
    data.chmod(0o777)
    result = run_bot(tmp_path, "--data-dir", str(data))
    assert result.returncode == 2
    assert f"refusing data directory {data}: other users can write to it" in one_line(result)


class _Planted:
    """A pickle that runs code when loaded (it creates a directory)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        import os

        return os.mkdir, (str(self.marker),)


def test_a_corrupt_database_is_moved_aside_and_an_old_pickle_never_loaded(tmp_path):
    data = tmp_path / "data"
    _write(data / "briefbot.sqlite3", b"this is not a database")
    marker = tmp_path / "the-pickle-ran"
    _write(data / "conversations.pickle", pickle.dumps({"chat_data": _Planted(marker)}))
    with TelegramEmulator(TOKEN, username=BOT) as emulator:
        bot = BotProcess(emulator, data, tmp_path / "bot.log").start()
        try:
            user = TelegramEmulator.user(8001, "Fresh")
            reply = emulator.wait_replies(emulator.user_says(emulator.private_chat(user), user, LAVROV))[0]
            assert "Lavrov" in reply["text"]
        finally:
            assert bot.stop() == 0
    log = bot.log_text().splitlines()
    moved = [line for line in log if "moved it to" in line]
    assert len(moved) == 1 and "briefbot.sqlite3" in moved[0] and "starting with an empty one" in moved[0]
    assert [p.read_bytes() for p in data.glob("briefbot.sqlite3.corrupt-*")] == [b"this is not a database"]
    assert any("conversations.pickle" in line and "never read" in line for line in log)
    assert not marker.exists()
    assert oct(data.stat().st_mode & 0o777) == "0o700"
    assert all(p.stat().st_mode & 0o077 == 0 for p in data.glob("briefbot.sqlite3*"))


# --- secrets ------------------------------------------------------------------------------------


def test_the_token_appears_nowhere_in_debug_logs_error_tracebacks_or_crash_output(tmp_path):
    def leak_the_token(call: ApiCall) -> Fault | None:
        """Telegram-side errors that quote the request path, which carries the token."""
        if call.method == "sendMessage" and call.params.get("text") != "Sorry, something went wrong on my side. Please try again.":
            return Fault(status=400, body={"ok": False, "error_code": 400,
                                           "description": f"Bad Request: can't send via /bot{TOKEN}/sendMessage"})
        return None

    with TelegramEmulator(TOKEN, username=BOT) as emulator:
        bot = BotProcess(emulator, tmp_path / "data", tmp_path / "bot.log", BRIEFBOT_LOG_LEVEL="DEBUG").start()
        try:
            emulator.faults.append(leak_the_token)
            user = TelegramEmulator.user(8101, "Leaky")
            reply = emulator.wait_replies(emulator.user_says(emulator.private_chat(user), user, LAVROV))[0]
            assert "something went wrong" in reply["text"]
            emulator.wait_for(lambda: "Exception while handling an update" in bot.log_text(), 10, "the error log")
        finally:
            assert bot.stop() == 0
        log = bot.log_text()
        assert "briefbot.http: HTTP Request: POST http" in log  # each request's URL was logged at DEBUG
        assert "Traceback" in log and "[REDACTED]/sendMessage" in log
        assert TOKEN not in log and SECRET not in log

        def fail_get_me(call: ApiCall) -> Fault | None:
            return Fault(status=500, body={"ok": False, "error_code": 500,
                                           "description": f"Internal error at /bot{TOKEN}/getMe"})

        emulator.faults[:] = [fail_get_me]
        failed = subprocess.run(bot_command(), cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
                                env=bot_env(emulator, tmp_path / "data", BRIEFBOT_LOG_LEVEL="DEBUG",
                                            BRIEFBOT_START_TIMEOUT="1"))
    assert failed.returncode == 1 and "cannot reach the Telegram Bot API" in failed.stderr
    assert "Internal error at /bot[REDACTED]/getMe" in failed.stderr
    assert SECRET not in failed.stderr + failed.stdout


def test_an_uncaught_crash_prints_a_redacted_traceback():
    code = """
import threading
from bot.redaction import configure_logging
configure_logging(TOKEN)
def fail(): raise OSError('thread ' + TOKEN)
thread = threading.Thread(target=fail)
thread.start(); thread.join()
raise RuntimeError('crashed calling /bot' + TOKEN + '/getMe')
"""
    result = subprocess.run([sys.executable, "-c", f"TOKEN = {TOKEN!r}\n{code}"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "RuntimeError: crashed calling /bot[REDACTED]/getMe" in result.stderr
    assert "OSError: thread [REDACTED]" in result.stderr
    assert SECRET not in result.stderr + result.stdout
