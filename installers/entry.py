"""Entry point of the frozen desktop build (build.spec): the same `clubdesk` as the console script.

It lives outside src/clubdesk on purpose: PyInstaller puts the entry script's folder on the
module search path, and src/clubdesk's own modules (``paths``, ``cli``, ``core``...) must only
ever be imported as ``clubdesk.*``.
"""

import sys

from clubdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
