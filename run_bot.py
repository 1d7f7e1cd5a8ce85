"""briefbot's one entry point: ``ask``, ``chat`` and ``run`` (Telegram, the default).

    python run_bot.py ask "what did lavrov say?"
    python run_bot.py ask --json < questions.txt
    python run_bot.py chat [--json]
    python run_bot.py run            # Telegram long polling (TELEGRAM_BOT_TOKEN)

Importing this module, or running ``ask``/``chat``, never imports ``telegram``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

__all__ = ["main"]

SUBCOMMANDS = ("ask", "chat", "run")


def main(argv: list[str] | None = None) -> int:
    """Dispatch a subcommand; no subcommand (or ``run``) starts the Telegram bot."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in SUBCOMMANDS or argv[0] == "run":
        if argv and argv[0] not in SUBCOMMANDS and not argv[0].startswith("-"):
            print(f"error: unknown command {argv[0]!r}; use one of: {', '.join(SUBCOMMANDS)}", file=sys.stderr)
            return 2
        from bot.telegram_app import main as run_telegram  # only this path imports telegram

        return run_telegram(argv[1:] if argv and argv[0] == "run" else argv)
    args = _parser().parse_args(argv)
    from bot.loading import load_engine
    from knowledge.store import KnowledgeFileError

    try:
        engine = load_engine(article=args.article, knowledge=args.knowledge)
    except KnowledgeFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "ask":
        questions = [" ".join(args.question)] if args.question else _lines(sys.stdin)
        return _ask(engine, questions, args.json, sys.stdout)
    return _chat(engine, args.json, sys.stdin, sys.stdout)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefbot", description="Answer questions about a news article.")
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    source = common.add_mutually_exclusive_group()
    source.add_argument("--article", type=Path, help="build the knowledge from this article text file")
    source.add_argument("--knowledge", type=Path, help="use this knowledge YAML")
    ask = commands.add_parser("ask", parents=[common], help="answer one question, or one per stdin line")
    ask.add_argument("question", nargs="*", help="the question (default: read one per line from stdin)")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    chat = commands.add_parser("chat", parents=[common], help="a conversation; follow-ups carry over")
    chat.add_argument("--json", action="store_true", help="read stdin as one conversation, print JSON lines")
    return parser


def _lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        if line.strip():
            yield line.rstrip("\n")


def _ask(engine, questions: Iterable[str], as_json: bool, out: TextIO) -> int:
    for question in questions:
        reply, _ = engine.reply(question)
        out.write(_json_line(question, reply) if as_json else _as_text(reply) + "\n")
        out.flush()
    return 0


def _chat(engine, as_json: bool, stream: TextIO, out: TextIO) -> int:
    from bot.conversation import Conversation

    conversation = Conversation()
    interactive = stream.isatty() and not as_json
    if interactive:
        out.write(f"Ask me about: {engine.knowledge.headline}\n(empty line or Ctrl-D to quit)\n")
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        line = stream.readline()
        if not line or (interactive and not line.strip()):
            return 0
        if not line.strip():
            continue
        question = line.rstrip("\n")
        reply, conversation = engine.reply(question, conversation)
        out.write(_json_line(question, reply) if as_json else _as_text(reply) + "\n")
        out.flush()


def _json_line(question: str, reply) -> str:
    return json.dumps(reply.to_json(question), ensure_ascii=False) + "\n"


def _as_text(reply) -> str:
    """The reply as a person reads it in a terminal: answer, then the quote and its speaker."""
    lines = [reply.text]
    if reply.quote is not None:
        by = f"\n    — {reply.speaker}" if reply.speaker else ""
        lines.append(f"    “{reply.quote.text}”{by}")
    if not reply.answered and reply.suggestions:
        lines.append("Did you mean: " + " · ".join(reply.suggestions))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
