"""briefbot's entry point, for running from a checkout: ``python run_bot.py --help``.

The command line itself is :mod:`bot.cli`; ``briefbot`` (the installed console script) is the same.
"""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
