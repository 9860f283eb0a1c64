"""``make bench``: every public page at each content size, on PostgreSQL, in figures.

For each size N (``BENCH_SIZES``, default "1000 10000"):

1. the database ``portal_bench_N`` is built once (``bench.database``) and reused;
2. every kind of page is timed in-process with the production settings (``bench.pages``);
3. gunicorn serves the production settings, with the page cache off and then on, under
   a fixed load (``bench.load``) and a registration burst (``bench.burst``);
4. readers browse with the page cache on, a quiet minute and then while 200 people
   register over two minutes (``bench.rush``).

Tables go to stdout and every figure to ``bench/results/latest.json``. Nothing is
asserted: targets are printed beside the figures.

    .venv/bin/python -m bench.run --sizes 1000 10000 [--rebuild]
"""

import argparse
import datetime
import json
import os
import platform
import subprocess

from bench import database, load, report
from bench.common import PYTHON, RESULTS, ROOT, production_env, run_django
from bench.server import Gunicorn

# The addresses put under load, by their names in the pages part.
LOAD_ADDRESSES = (
    "robots.txt (floor)",
    "experience article",
    "good practice",
    "experiences, first page",
)
MODES = {"uncached": False, "cached": True}


def machine():
    """What the figures were measured on."""
    with open("/proc/cpuinfo") as cpuinfo:
        model = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line),
            platform.processor(),
        )
    with open("/proc/meminfo") as meminfo:
        kib = int(
            next(line for line in meminfo if line.startswith("MemTotal")).split()[1]
        )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(kib / 2**20, 1),
        "cpu": model,
        "python": platform.python_version(),
        "postgresql": database.server_version(),
        "platform": platform.platform(),
        "commit": commit,
    }


def _load_average():
    return [round(value, 2) for value in os.getloadavg()]


def _collect_static(size):
    """The production settings serve hashed static files, collected beforehand."""
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(size),
        check=True,
    )


def _served(size, pages, options):
    """Load and burst through gunicorn, with the page cache off and then on."""
    urls = {row["name"]: row["url"] for row in pages["rows"]}
    loads, bursts, server = {}, {}, ""
    for mode, cached in MODES.items():
        with Gunicorn(size, options.port, cached, options.workers) as gunicorn:
            server = gunicorn.describe()
            loads[mode] = {
                name: load.measure(
                    gunicorn, urls[name], options.concurrency, options.seconds
                )
                for name in LOAD_ADDRESSES
            }
            bursts[mode] = run_django(
                "burst",
                options.port,
                gunicorn.process.pid,
                env=production_env(size, cached),
            )
    # Each registrant from an address of their own, behind one trusted proxy.
    with Gunicorn(
        size, options.port, True, options.workers, env={"TRUSTED_PROXY_COUNT": "1"}
    ):
        rush = run_django("rush", options.port, env=production_env(size, True))
    return {"server": server, "load": loads, "burst": bursts, "rush": rush}


def measure_size(size, options, baseline):
    build_seconds = database.ensure(size, options.rebuild)
    load_before = _load_average()
    pages = run_django("pages", options.repeat, env=production_env(size))
    print(report.pages_table(size, pages, baseline), flush=True)
    print(report.cold_table(size, pages), flush=True)
    served = _served(size, pages, options)
    print(report.load_table(size, served["load"], served["server"]))
    print(report.burst_table(size, served["burst"]), flush=True)
    print(report.rush_table(size, served["rush"]), flush=True)
    load_after = _load_average()
    print(
        f"Load average (1, 5, 15 min) before N={size:,}: {load_before}, after: "
        f"{load_after}. Other work on the {os.cpu_count()} cores slows the times "
        "and rates above; the CPU figures do not depend on it."
    )
    return {
        "size": size,
        "build_seconds": round(build_seconds, 1),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "pages": pages,
        **served,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        type=int,
        default=[int(n) for n in os.environ.get("BENCH_SIZES", "1000 10000").split()],
    )
    parser.add_argument("--rebuild", action="store_true", help="build anew")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests")
    parser.add_argument("--seconds", type=float, default=10, help="load per address")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8601)
    parser.add_argument("--workers", type=int, help="gunicorn workers")
    options = parser.parse_args()

    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "sizes": {},
    }
    RESULTS.mkdir(exist_ok=True)
    _collect_static(options.sizes[0])
    baseline = None
    for size in options.sizes:
        print(f"\n== N = {size:,} ==", flush=True)
        entry = measure_size(size, options, baseline)
        results["sizes"][str(size)] = entry
        baseline = baseline or {
            "size": size,
            "queries": {row["name"]: row["queries"] for row in entry["pages"]["rows"]},
        }
        (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{report.markdown(results)}")
    print(f"\nFigures in {(RESULTS / 'latest.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
