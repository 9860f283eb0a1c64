"""For tests that start servers or processes on the test database."""

import os
import socket
import time
from urllib.parse import quote

from django.db import connection
from time_machine import escape_hatch


def server_ports(count):
    """``count`` ports to serve on: from ``TEST_SERVER_PORTS`` ("8705,8706") where only
    some ports may be used, else free ones."""
    chosen = os.environ.get("TEST_SERVER_PORTS")
    if chosen:
        return [int(port) for port in chosen.split(",")][:count]
    ports = []
    for _ in range(count):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    return ports


def database_url():
    """The test database, which this process sees and the servers must share."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (
        f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    )
    # A socket's folder (/var/run/postgresql) is quoted whole, as dj-database-url reads it.
    address = f"{quote(db['HOST'] or 'localhost', safe='')}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{address}/{db['NAME']}"


def clock_offset():
    """How far the suite's clock is from the wall clock (TEST_CLOCK moves it)."""
    if not escape_hatch.is_travelling():
        return 0.0
    return time.time() - escape_hatch.time.time()
