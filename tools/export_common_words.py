"""Export the common English words the name reader checks a guessed name against (run at dev time).

    python tools/export_common_words.py

Writes ``knowledge/data/common_words.txt``: the plain words of ``bot/engine/data/english_words.txt``
(wordfreq 3.1.1, CC BY-SA 4.0) at least as common as ``MIN_ZIPF``, one per line.  A capitalised phrase
made only of such words ("Big Bang", "Holy Land", "Bell System") is no personal name when nothing else
in the text says it is a person.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "bot" / "engine" / "data" / "english_words.txt"
OUT = ROOT / "knowledge" / "data" / "common_words.txt"
MIN_ZIPF = 4.0  # ten uses per million words: "bang" (4.3) and "system" (5.6), not "tapestry" (3.2)


def main() -> int:
    words = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        word, zipf = line.split()
        if float(zipf) >= MIN_ZIPF:
            words.append(word)
    header = (f"# English words with a Zipf frequency of at least {MIN_ZIPF}, from wordfreq 3.1.1 (CC BY-SA 4.0),\n"
              "# exported by tools/export_common_words.py from bot/engine/data/english_words.txt\n")
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
