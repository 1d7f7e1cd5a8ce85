"""briefbot's one command line: ``ask``, ``chat`` and ``run`` (Telegram, the default).

    briefbot ask "what did lavrov say?"
    briefbot ask --json < questions.txt
    briefbot chat [--json]
    briefbot eval SET.yaml [--article PATH]   # score the bot on a question set
    briefbot brief | who | quotes [--json]   # the briefing, who's who, who said what
    briefbot unanswered [--limit N] [--json] # the questions the bot declined most often
    briefbot run            # Telegram long polling (TELEGRAM_BOT_TOKEN)

Only ``run`` imports ``telegram``; no other subcommand, nor ``--help``, does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

__all__ = ["ARTICLE_VIEWS", "build_parser", "main"]

#: The subcommands that show the article rather than answer about it, with their help lines.
ARTICLE_VIEWS = {
    "brief": "the briefing: key points with their quotes, and the key numbers",
    "who": "the people and organisations: role and what they said",
    "quotes": "each speaker's direct quotes, verbatim",
}


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; with none (or only ``run``'s options) start the Telegram bot."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["run", *argv]
    args = build_parser().parse_args(argv)
    return args.handler(args)


def build_parser() -> argparse.ArgumentParser:
    """The parser for every subcommand, each listed with one line in ``briefbot --help``."""
    parser = argparse.ArgumentParser(prog="briefbot", description="Answer questions about a news article.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    source = argparse.ArgumentParser(add_help=False)
    article = source.add_mutually_exclusive_group()
    article.add_argument("--article", metavar="FILE_OR_URL",
                         help="build the knowledge from this article: a text file, or an http(s) link to a news page")
    article.add_argument("--knowledge", type=Path, help="use this knowledge YAML")

    ask = commands.add_parser("ask", parents=[source], help="answer one question, or one per stdin line",
                              description="Answer one question, or one per line of stdin.")
    ask.add_argument("question", nargs="*", help="the question (default: read one per line from stdin)")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.set_defaults(handler=_ask_command)

    chat = commands.add_parser("chat", parents=[source], help="a conversation; follow-ups carry over",
                               description="Hold a conversation: follow-up questions use the earlier ones.")
    chat.add_argument("--json", action="store_true", help="read stdin as one conversation, print JSON lines")
    chat.set_defaults(handler=_chat_command)

    evaluate = commands.add_parser(
        "eval", help="score the bot on a question set (YAML), one summary line",
        description="Ask every question of a question set (the dev set's YAML format) and print the "
                    "verdicts' summary line, as the project's scorer does.")
    evaluate.add_argument("question_set", type=Path, metavar="SET.yaml", help="the question set")
    evaluate.add_argument("--article", type=Path,
                          help="the article the questions are about (default: SET.txt beside the set, "
                               "as the project's scorer takes it, else the bundled one)")
    evaluate.add_argument("--show-fails", action="store_true", help="print every question not answered right")
    evaluate.set_defaults(handler=_eval_command, knowledge=None)

    for name, help_line in ARTICLE_VIEWS.items():
        view = commands.add_parser(name, parents=[source], help=help_line,
                                   description=help_line[:1].upper() + help_line[1:] + ".")
        view.add_argument("--json", action="store_true", help="print one JSON object")
        view.set_defaults(handler=_view_command)

    unanswered = commands.add_parser(
        "unanswered", help="the questions the bot declined most often (to add overrides for)",
        description="List the questions the running bot declined, most frequent first (counted in the "
                    "data directory's database unless BRIEFBOT_COUNT_UNANSWERED=off).")
    unanswered.add_argument("--data-dir", type=Path, default=None,
                            help="the bot's data directory (env BRIEFBOT_DATA_DIR; default: .briefbot)")
    unanswered.add_argument("--limit", type=int, default=20, help="how many to list (default: 20)")
    unanswered.add_argument("--json", action="store_true", help="print one JSON object")
    unanswered.set_defaults(handler=_unanswered_command)

    run = commands.add_parser("run", parents=[source], help="run the Telegram bot (the default command)",
                              description="Run briefbot on Telegram (long polling, or a webhook with --webhook). "
                                          "Other settings come from BRIEFBOT_* variables; see the README.")
    run.add_argument("--webhook", metavar="URL",
                     help="public HTTPS URL Telegram should post updates to (default: long polling)")
    run.add_argument("--listen", default="127.0.0.1", help="webhook server address (default: 127.0.0.1)")
    run.add_argument("--port", type=int, default=8443, help="webhook server port (default: 8443)")
    run.add_argument("--secret-token", default=os.environ.get("TELEGRAM_WEBHOOK_SECRET"),
                     help="secret Telegram sends with each webhook request (env TELEGRAM_WEBHOOK_SECRET)")
    run.add_argument("--data-dir", type=Path, default=None,
                     help="where conversations are kept (env BRIEFBOT_DATA_DIR; default: .briefbot)")
    run.add_argument("--log-level", default=None, choices=["DEBUG", "INFO", "WARNING", "ERROR"], type=str.upper,
                     help="logging level (env BRIEFBOT_LOG_LEVEL; default: INFO)")
    run.set_defaults(handler=_run_command)
    return parser


def _run_command(args: argparse.Namespace) -> int:
    from bot.telegram.app import main as run_telegram  # only this path imports telegram

    return run_telegram(args)


def _load(args: argparse.Namespace):
    from bot.loading import load_engine
    from bot.settings import Settings, SettingsError
    from knowledge.store import KnowledgeFileError

    try:
        return load_engine(article=args.article, knowledge=args.knowledge,
                           limits=Settings.from_env(os.environ).articles)
    except (KnowledgeFileError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def _ask_command(args: argparse.Namespace) -> int:
    engine = _load(args)
    if engine is None:
        return 2
    questions = [" ".join(args.question)] if args.question else _lines(sys.stdin)
    return _ask(engine, questions, args.json, sys.stdout)


def _chat_command(args: argparse.Namespace) -> int:
    engine = _load(args)
    if engine is None:
        return 2
    return _chat(engine, args.json, sys.stdin, sys.stdout)


def _eval_command(args: argparse.Namespace) -> int:
    import time

    from bot.evaluation import ask_set, format_summary, read_question_set, summarize

    try:
        entries = read_question_set(args.question_set)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.article is None and args.question_set.with_suffix(".txt").is_file():
        args.article = args.question_set.with_suffix(".txt")  # the scorer's default: the set's own article
    engine = _load(args)
    if engine is None:
        return 2
    start = time.perf_counter()
    verdicts = ask_set(engine, entries, engine.knowledge.text)
    if args.show_fails:
        for v in verdicts:
            if v.verdict != "ok":
                quote = v.reply.quote.text if v.reply.quote else ""
                print(f"[{v.verdict}] {v.entry.get('id', '?')} {v.entry['q']!r}\n    -> {v.reply.text[:140]!r}"
                      f"\n       quote={quote[:140]!r}")
    print(format_summary(summarize(verdicts), time.perf_counter() - start))
    return 0


def _view_command(args: argparse.Namespace) -> int:
    """Print the brief, who's who or the quotes: as JSON with --json, else as plain text."""
    engine = _load(args)
    if engine is None:
        return 2
    from bot.chat.views import VIEWS

    data, text = VIEWS[args.command](engine.knowledge)
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n" if args.json else text + "\n")
    return 0


def _unanswered_command(args: argparse.Namespace) -> int:
    """Print the most often declined questions: ``count  question`` lines, or ``{"unanswered": [...]}``."""
    from bot.settings import Settings, SettingsError
    from bot.telegram.database import DataDirError, open_database
    from bot.telegram.unanswered import UNANSWERED_SCHEMA, UnansweredLog

    try:
        data_dir = args.data_dir or Settings.from_env(os.environ).data_dir
        database = open_database(data_dir, (UNANSWERED_SCHEMA,))
    except (SettingsError, DataDirError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        counts = UnansweredLog(database).most_frequent(max(args.limit, 0))
    finally:
        database.close()
    if args.json:
        print(json.dumps({"unanswered": [{"question": c.question, "count": c.count} for c in counts]},
                         ensure_ascii=False))
    else:
        print("\n".join(f"{c.count:6d}  {c.question}" for c in counts) or "No declined questions counted yet.")
    return 0


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
    from bot.engine.conversation import Conversation

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

