#!/usr/bin/env python
"""Django's command line for the portal.

Without DJANGO_SETTINGS_MODULE it uses the production settings, which refuse to start
without their secrets; development chooses ``config.settings.dev`` (``make run`` does).
"""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
