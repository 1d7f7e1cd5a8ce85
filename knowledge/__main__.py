"""``python -m knowledge build ARTICLE.txt -o OUT.yaml``: regenerate an article's knowledge YAML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from knowledge.build import BUNDLED_ARTICLE, BUNDLED_KNOWLEDGE, build_knowledge, read_article
from knowledge.store import KnowledgeFileError, dump_knowledge


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="derive knowledge from an article and write it as YAML")
    build.add_argument("article", nargs="?", type=Path, default=BUNDLED_ARTICLE)
    build.add_argument("-o", "--output", type=Path, default=None,
                       help="where to write the YAML (default: beside the article, .yaml)")
    args = parser.parse_args(argv)
    output = args.output or (BUNDLED_KNOWLEDGE if args.article == BUNDLED_ARTICLE
                             else args.article.with_suffix(".yaml"))
    try:
        knowledge = build_knowledge(read_article(args.article), source=args.article.name)
        dump_knowledge(knowledge, output)
    except KnowledgeFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the output path: a read-only folder, a file where a folder should be
        print(f"error: {output}: cannot write the knowledge file: {exc.strerror or exc.__class__.__name__}",
              file=sys.stderr)
        return 2
    print(f"{output}: {len(knowledge.entities)} entities, {len(knowledge.facts)} facts, "
          f"{len(knowledge.qa)} QA pairs, {len(knowledge.briefing)} briefing points")
    return 0


if __name__ == "__main__":
    sys.exit(main())
