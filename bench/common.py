"""What the benchmark's parts share: where things are, their environment, statistics.

The parts that need Django (``pages``, ``burst``) run as their own processes, one per
database size, because Django's settings are fixed once a process has read them.
"""

import json
import math
import os
import re
import secrets
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
HOST = "localhost"

# What the portal promises at scale (printed beside the figures, never asserted).
TARGET_PAGE_MS = 50
TARGET_DETAIL_MS = 25
TARGET_SEARCH_MS = 150
TARGET_API_MS = 100  # every API request, the slowest included
# Requests per second through gunicorn, without and with the page cache.
TARGET_THROUGHPUT = {"uncached": 130, "cached": 500}
# Under that load, the slowest hundredth against the median.
TARGET_TAIL_RATIO = 5
# With every cache empty, as after any change (medians); a detail page's queries too.
TARGET_COLD_MS = {"home": 30, "list": 40, "detail": 30}
TARGET_COLD_DETAIL_QUERIES = 10
TARGET_BURST = {"confirmed": 50, "waiting": 150, "per_second": 100}
# Readers' p95 during a registration rush, against a quiet minute's.
TARGET_RUSH_P95_RATIO = 1.5

# One secret for the whole run: long and random, as production demands.
_SECRET_KEY = secrets.token_urlsafe(64)


def database_name(size):
    return f"portal_bench_{size}"


def database_url(size):
    return f"{POSTGRES}/{database_name(size)}"


def _clean_environ():
    """The caller's environment without the settings the benchmark chooses itself."""
    chosen = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PAGE_CACHE")
    return {
        name: value for name, value in os.environ.items() if not name.startswith(chosen)
    }


def build_env(size):
    """Development settings for building content: tasks (search indexing) run at once."""
    return {
        **_clean_environ(),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url(size),
        "LOG_LEVEL": "WARNING",
    }


def production_env(size, cached=False):
    """The production settings as a deployment would run them, over plain HTTP.

    ``PAGE_CACHE_SECONDS=0`` switches the anonymous page cache off so that rendering is
    measured; ``cached`` leaves the variable unset, as a deployment would.
    """
    env = {
        **_clean_environ(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": _SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "DATABASE_URL": database_url(size),
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": REDIS_URL,
        "LOG_LEVEL": "WARNING",
    }
    if not cached:
        env["PAGE_CACHE_SECONDS"] = "0"
    return env


def run_django(module, *args, env):
    """Run ``python -m bench.<module> ARGS`` in ``env``; what it printed, as JSON."""
    completed = subprocess.run(
        [PYTHON, "-m", f"bench.{module}", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def django_setup():
    """Set Django up in a part's own process (its environment chose the settings)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()


def person_name(number):
    """A participant's name for ``number``: letters only, as the form requires
    («Deltaker Ba» for 26)."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not number:
            break
    return f"Deltaker {letters.capitalize()}"


def percentile(values, fraction):
    """The nearest-rank percentile: the smallest value with ``fraction`` at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary_ms(seconds):
    """Median, 95th percentile and maximum of timings in seconds, as milliseconds."""
    return {
        "median_ms": round(statistics.median(seconds) * 1000, 2),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 2),
        "max_ms": round(max(seconds) * 1000, 2),
    }


def search_hits(html):
    """The number of hits the search page reports («35 treff på …»)."""
    found = re.search(r"(\d+) treff", html)
    return int(found.group(1)) if found else 0


def mark(met):
    return "met" if met else "MISSED"
