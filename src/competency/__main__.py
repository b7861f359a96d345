"""``python -m competency`` runs the command-line interface."""

import sys

from competency.cli.main import main

sys.exit(main())
