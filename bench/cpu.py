"""CPU time spent by the portal's processes and by PostgreSQL for them, from /proc.

On a machine shared with other work the clock says how long a request waited as much as
how long it worked. CPU seconds per request do not depend on who else is running, and
the cores divided by them is what the machine could serve if it were the portal's alone.
"""

import os
from pathlib import Path

import psycopg

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_seconds(pid, reaped_children=False):
    """User and system CPU seconds of a process (0 once it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return 0.0
    # Fields after the command name, which may hold spaces: state is field 3 of stat(5),
    # utime 14, stime 15, cutime 16, cstime 17.
    fields = stat.rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLOCK_TICKS


def server_seconds(pid):
    """A pre-forking server's CPU: the master, its workers, and workers replaced."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        children = []
    return process_seconds(pid, reaped_children=True) + sum(
        process_seconds(int(child)) for child in children
    )


def _backends(database_url):
    """CPU seconds so far of each PostgreSQL backend connected to the database."""
    with psycopg.connect(database_url) as connection:
        pids = connection.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return {pid: process_seconds(pid) for (pid,) in pids}


class Meter:
    """CPU of a server and of the PostgreSQL backends of its database, from ``start()``
    to ``stop()`` (a backend that ends in between is not counted)."""

    def __init__(self, server_pid, database_url):
        self.server_pid, self.database_url = server_pid, database_url

    def start(self):
        self.server = server_seconds(self.server_pid)
        self.database = _backends(self.database_url)

    def stop(self):
        """CPU seconds spent since ``start()``: (server, database)."""
        server = server_seconds(self.server_pid) - self.server
        after = _backends(self.database_url)
        database = sum(
            seconds - self.database.get(pid, 0.0) for pid, seconds in after.items()
        )
        return server, database


def per_request(server, database, count):
    """CPU per request, and what the cores could serve if they were the server's and
    PostgreSQL's alone."""
    return {
        "app_cpu_ms": round(server / count * 1000, 2),
        "database_cpu_ms": round(database / count * 1000, 2),
        "capacity_per_second": round(os.cpu_count() * count / (server + database), 1),
    }
