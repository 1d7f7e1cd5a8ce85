"""Export a general English word-frequency list for typo correction (run once, at dev time).

    pip install wordfreq==3.1.1 && python tools/export_words.py

Writes ``english_words.txt``: the most frequent plain English words, most frequent first, each with
its Zipf frequency (log10 of uses per billion words).  The engine reads that file; it never needs
``wordfreq`` itself.  Data: wordfreq (Robyn Speer), CC BY-SA 4.0.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

TOP = 50_000
OUT = Path(__file__).resolve().parent.parent / "bot" / "engine" / "data" / "english_words.txt"
_PLAIN = re.compile(r"^[a-z]{2,}$")


def main() -> int:
    """Write the list; ``wordfreq`` is needed only here."""
    import wordfreq

    words = [w for w in wordfreq.top_n_list("en", TOP * 2) if _PLAIN.match(w)][:TOP]
    lines = [f"{w} {wordfreq.zipf_frequency(w, 'en'):.2f}" for w in words]
    header = ["# word zipf-frequency, most frequent first; from wordfreq 3.1.1 (CC BY-SA 4.0),",
              "# exported by tools/export_words.py"]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
