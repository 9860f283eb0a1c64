"""gunicorn for the two-server test: the portal's own settings, on the test's clock.

The suite may run at another moment than the wall clock's (``TEST_CLOCK``); each
worker moves its clock by the test's offset, ``TEST_CLOCK_OFFSET`` seconds, and lets
it tick on, so gatherings the test creates are as near to the servers as to the test.
"""

import os
import time

import time_machine

from config.gunicorn import *  # noqa: F403


def post_fork(server, worker):
    offset = float(os.environ.get("TEST_CLOCK_OFFSET", "0"))
    if offset:
        time_machine.travel(time.time() + offset, tick=True).start()
        time.time()  # the moved clock ticks from its first reading: read it now
