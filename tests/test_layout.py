"""The layout holds its lines: only ``bot.telegram`` imports ``telegram``; the CLI lists every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules_outside_the_adapter() -> list[str]:
    names = ["run_bot"]
    for package in ("bot", "knowledge"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[:2] == ("bot", "telegram"):
                continue
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _python_prints(code: str) -> str:
    """What ``code`` prints in a fresh interpreter (a clean ``sys.modules``), after it exits cleanly."""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_no_module_outside_bot_telegram_imports_telegram() -> None:
    modules = _modules_outside_the_adapter()
    assert "bot.engine.engine" in modules and "bot.chat.render" in modules and "knowledge.build" in modules
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "    assert 'telegram' not in sys.modules, name\n"
            "print('ok')")
    assert _python_prints(code) == "ok"


def test_briefbot_help_lists_every_command() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "run_bot.py"), "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    for command in ("ask", "chat", "run"):
        assert f"    {command} " in result.stdout, result.stdout


def test_run_help_shows_the_telegram_options() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "run_bot.py"), "run", "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    assert "--webhook" in result.stdout


def test_answering_on_the_bundled_article_needs_no_build_pipeline() -> None:
    """Cold start: the bundled knowledge is read, not built, so the extraction modules stay unloaded."""
    code = ("import sys\n"
            "from bot.loading import load_engine\n"
            "assert load_engine().reply('who is Sergei Lavrov?')[0].answered\n"
            "print(sorted(m for m in ('knowledge.build', 'knowledge.extract', 'knowledge.briefing') if m in sys.modules))")
    assert _python_prints(code) == "[]"
