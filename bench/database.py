"""The benchmark's databases: one per size, built once and reused while it holds that size.

A database is built by ``migrate``, ``load_demo_content`` and ``python -m bench.bulk N``
under the development settings, whose tasks run at once, so the search index is complete
when the build ends. The build is recorded in the database's comment only when it has
finished: an interrupted build is rebuilt next time.
"""

import subprocess
import time

import psycopg
from psycopg import sql

from bench.common import POSTGRES, PYTHON, ROOT, build_env, database_name

# Where the demo and bulk content is written (git pathspecs).
CONTENT_CODE = (
    "demo",
    "bench/bulk",
    "portal/municipalities_no.py",
    "learning/data/ssb_kostra_sample.json",
)


def _admin():
    return psycopg.connect(f"{POSTGRES}/postgres", autocommit=True)


def _content(size):
    """What a finished build of ``size`` says in the database comment: the commands,
    and the last commit that changed the content they write (a new one rebuilds)."""
    commit = subprocess.run(
        ["git", "log", "-1", "--format=%h", "--", *CONTENT_CODE],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"portal bench: load_demo_content + bench.bulk {size}, content code {commit}"


def _comment(connection, name):
    row = connection.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
        " WHERE datname = %s",
        [name],
    ).fetchone()
    return None if row is None else (row[0] or "")


def server_version():
    with _admin() as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def _manage(size, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=build_env(size), check=True
    )


def _bulk(size):
    subprocess.run(
        [PYTHON, "-m", "bench.bulk", str(size)],
        cwd=ROOT,
        env=build_env(size),
        check=True,
    )


def ensure(size, rebuild=False):
    """Make sure the database for ``size`` holds that content; build it if not.

    A database that is reused is still migrated, to the code being measured. Returns
    the seconds spent building (0 when the database was reused).
    """
    name = database_name(size)
    wanted = _content(size)
    with _admin() as connection:
        comment = _comment(connection, name)
        if comment == wanted and not rebuild:
            _manage(size, "migrate", "--noinput", "-v0")
            return 0
        if comment is not None:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"Building {name}: {wanted}", flush=True)
    started = time.perf_counter()
    _manage(size, "migrate", "--noinput", "-v0")
    _manage(size, "load_demo_content")
    _bulk(size)
    # The planner's statistics and the visibility map (which lets an index answer
    # alone), as autovacuum would soon leave them on a server after a bulk load.
    with psycopg.connect(f"{POSTGRES}/{name}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    with _admin() as connection:
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(wanted)
            )
        )
    return time.perf_counter() - started
