"""Build every public passage (news, attribution, SQuAD pool, external) and report any that fails.

    python bench/build_all.py [FOLDER ...]     # default: ../shared/eval and its sub-folders

A dev check, not a test: the tests never read ../shared.  Exit status 1 when any passage fails,
with the passage and the error on one line each.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.build import build_knowledge, read_article  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval"


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [DEFAULT]
    paths = sorted(p for folder in folders for p in folder.rglob("*.txt"))
    failed, slowest = 0, (0.0, "")
    for path in paths:
        began = time.perf_counter()
        try:
            build_knowledge(read_article(path), source=path.name)
        except Exception as exc:  # noqa: BLE001 - the point is to list every kind of failure
            failed += 1
            where = traceback.extract_tb(exc.__traceback__)[-1]
            print(f"FAIL {path}: {exc.__class__.__name__}: {exc} ({Path(where.filename).name}:{where.lineno})")
        slowest = max(slowest, (time.perf_counter() - began, path.name))
    print(f"{len(paths) - failed}/{len(paths)} passages built; slowest {slowest[1]} in {slowest[0]:.2f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
