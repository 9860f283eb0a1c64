"""The production server for the load test and the burst, as ``make serve`` runs it.

gunicorn with the project's own configuration (``config/gunicorn.py``: its workers,
preloading, logging) and the production settings, on the benchmark's port.
"""

import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import PYTHON, ROOT, database_url, production_env
from bench.cpu import Meter

GUNICORN = Path(PYTHON).parent / "gunicorn"
START_TIMEOUT = 60


class Gunicorn:
    """``with Gunicorn(size, port, cached) as server:`` – serving until the block ends.

    ``workers`` overrides the configuration's number (``WEB_CONCURRENCY``); ``env``
    adds to the production environment.
    """

    def __init__(self, size, port, cached, workers=None, env=None):
        self.size, self.port, self.cached, self.workers = size, port, cached, workers
        self.env = env or {}
        self.process = None
        self.log = None

    def describe(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        workers = len(children.read_text().split())
        return (
            f"gunicorn -c python:config.gunicorn, {workers} workers, port {self.port}"
        )

    def __enter__(self):
        env = {
            **production_env(self.size, self.cached),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            **self.env,
        }
        if self.workers:
            env["WEB_CONCURRENCY"] = str(self.workers)
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(GUNICORN), "--config", "python:config.gunicorn", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_serving()
        return self

    def _wait_until_serving(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                url = f"http://127.0.0.1:{self.port}/robots.txt"
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not start:\n{self.output()}")

    def meter(self):
        """A CPU meter for this server and the database it serves."""
        return Meter(self.process.pid, database_url(self.size))

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def __exit__(self, *exc_info):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
