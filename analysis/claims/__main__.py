"""``python -m analysis.claims FILE``: the claims check (same as ``python -m analysis claims FILE``)."""

import sys

from analysis.claims import main

sys.exit(main())
