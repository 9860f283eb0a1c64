"""``python -m bench.bulk N`` tops the demo site up to N generated knowledge items
(experience articles and good practices), with all municipalities, people,
presentations and gatherings; ``--clear`` removes what it generated. A second run with
the same N adds nothing. The development settings unless DJANGO_SETTINGS_MODULE says
otherwise; run ``manage.py load_demo_content`` first.
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from bench.common import django_setup  # noqa: E402

django_setup()

from bench.bulk.generate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
