"""Check ``briefbot who`` against the "who is X?" probes of ../shared/eval/attribution (a dev script).

    python bench/who_roles.py        # one line per probe not met, then the share met

A probe is met when /who has a line for the person whose role (or, failing that, what they said)
holds one alternative of every ``answer_must`` group, as the scorer's rule for the answer line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.build import build_knowledge  # noqa: E402
from knowledge.cast import cast  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
_WHO = re.compile(r"^who is (.+?)\??$", re.IGNORECASE)


def main() -> int:
    met = total = 0
    for probes in sorted((EVAL / "attribution").glob("attr_news_*.yaml")):
        article = EVAL / "news" / (probes.stem.removeprefix("attr_") + ".txt")
        people = cast(build_knowledge(article.read_text(encoding="utf-8")))
        for probe in yaml.safe_load(probes.read_text(encoding="utf-8")):
            found = _WHO.match(str(probe.get("q", "")).strip())
            if not found or probe.get("kind") != "answerable" or found.group(1).split()[0].lower().endswith("ing"):
                continue  # "who is buying Brennan Foods?" asks for a deed's doer, not for someone's role
            total += 1
            name = found.group(1).lower()
            lines = [m for m in people if name in m.name.lower() or m.name.lower().endswith(name.split()[-1])]
            groups = probe.get("answer_must") or probe.get("must") or []
            ok = any(all(any(alt in m.role.lower() for alt in g) for g in groups) for m in lines)
            met += ok
            if not ok:
                shown = "; ".join(f"{m.name}: role={m.role!r}" for m in lines) or "no line"
                print(f"{article.stem}: {probe['q']!r} wants {groups}: {shown}")
    print(f"who-is probes met by the role in /who: {met}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
