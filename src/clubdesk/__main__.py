import sys

from clubdesk.cli import main

sys.exit(main())
