"""The production server for the load test and the burst: gunicorn, production settings.

A ``gunicorn.conf.py`` in the project (gunicorn reads it from the working directory)
decides the workers as it would in a deployment; without one, the benchmark starts
2 × cores + 1 sync workers, gunicorn's own advice.
"""

import os
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import PYTHON, ROOT, database_url, production_env
from bench.cpu import Meter

CONFIG = ROOT / "gunicorn.conf.py"
GUNICORN = Path(PYTHON).parent / "gunicorn"
START_TIMEOUT = 60


def default_workers():
    return 2 * os.cpu_count() + 1


class Gunicorn:
    """``with Gunicorn(size, port, cached) as server:`` – serving until the block ends."""

    def __init__(self, size, port, cached, workers=None):
        self.size, self.port, self.cached = size, port, cached
        self.workers = workers or (None if CONFIG.exists() else default_workers())
        self.process = None
        self.log = None

    def describe(self):
        how = (
            f"{self.workers} workers" if self.workers else f"workers from {CONFIG.name}"
        )
        return f"gunicorn portal.wsgi, {how}, 127.0.0.1:{self.port}"

    def __enter__(self):
        command = [str(GUNICORN), "portal.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        if self.workers:
            command += ["--workers", str(self.workers)]
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=production_env(self.size, self.cached),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_serving()
        return self

    def _wait_until_serving(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
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
