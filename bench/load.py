"""Requests per second through gunicorn: a fixed number of clients for a fixed time.

Each client sends its next request as soon as the previous answer has arrived (a closed
loop), so the figure is what the server sustains at that concurrency. The generator
runs on the same machine and takes its share of the cores.
"""

import asyncio
import time
from collections import Counter

from bench.common import percentile, summary_ms
from bench.http1 import Connection

HEADERS = (("User-Agent", "portal-bench"), ("Accept", "text/html"))


async def _client(port, path, deadline, latencies, statuses):
    connection = Connection(port)
    try:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                response = await connection.request("GET", path, HEADERS)
            except (OSError, asyncio.IncompleteReadError) as error:
                statuses[type(error).__name__] += 1
                connection.close()
                continue
            latencies.append(time.perf_counter() - started)
            statuses[response.status] += 1
    finally:
        connection.close()


async def _hammer(port, path, concurrency, seconds):
    latencies, statuses = [], Counter()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(
            _client(port, path, deadline, latencies, statuses)
            for _ in range(concurrency)
        )
    )
    return latencies, statuses, time.perf_counter() - started


def measure(port, path, concurrency, seconds, warm_up=2):
    """Throughput and latency of ``path``, after ``warm_up`` seconds of the same load
    (every worker compiles its templates and opens its database connection first)."""
    asyncio.run(_hammer(port, path, concurrency, warm_up))
    latencies, statuses, elapsed = asyncio.run(
        _hammer(port, path, concurrency, seconds)
    )
    return {
        "url": path,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        **summary_ms(latencies),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "statuses": {str(status): count for status, count in statuses.items()},
    }
