"""``make run``'s own process: starts the development server, and again after a change.

Django's runserver restarts itself the same way: a parent process starts the server
with ``RUN_MAIN=true``, whose autoreloader exits with status 3 when a file changes,
and the parent starts it again. Here the parent is this small module, which never loads
Django, so ``make run`` loads Django and Wagtail once instead of twice before it serves.
The first server process also sets up what is missing (``manage.py devserver``).
"""

import os
import subprocess
import sys
from pathlib import Path

# runserver's autoreloader: run as the restarted process, exit 3 to be started again.
AUTORELOAD_ENV = "RUN_MAIN"
RESTART_STATUS = 3
# Tells the first server process to set up the database before it serves.
SET_UP_ENV = "PORTAL_DEVSERVER_SET_UP"
MANAGE_PY = Path(__file__).resolve().parent.parent / "manage.py"


def main(arguments):
    command = [sys.executable, str(MANAGE_PY), "devserver", *arguments]
    environment = {**os.environ, AUTORELOAD_ENV: "true", SET_UP_ENV: "1"}
    try:
        while True:
            status = subprocess.run(command, env=environment).returncode
            if status != RESTART_STATUS:
                return status
            environment.pop(SET_UP_ENV, None)
    except KeyboardInterrupt:  # Ctrl-C reached the server too, which has stopped
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
