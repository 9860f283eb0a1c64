"""Requests per second through gunicorn: a fixed number of clients for a fixed time.

Each client sends its next request as soon as the previous answer has arrived (a closed
loop), so the figure is what the server sustains at that concurrency. The generator
runs on the same machine and takes its share of the cores; the CPU time gunicorn and
PostgreSQL spend per request says what the server would sustain on cores of its own.
"""

import asyncio
import time
from collections import Counter

from bench.common import percentile, summary_ms
from bench.cpu import per_request
from bench.http1 import Connection

HEADERS = (("User-Agent", "portal-bench"), ("Accept", "text/html"))


async def _client(port, path, deadline, latencies, statuses, caching):
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
            caching[response.header("x-cache") or "-"] += 1
    finally:
        connection.close()


async def _hammer(port, path, concurrency, seconds):
    latencies, statuses, caching = [], Counter(), Counter()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(
            _client(port, path, deadline, latencies, statuses, caching)
            for _ in range(concurrency)
        )
    )
    return latencies, statuses, caching, time.perf_counter() - started


def measure(server, path, concurrency, seconds, warm_up=2):
    """Throughput, latency and CPU per request of ``path`` on a running ``server``,
    after ``warm_up`` seconds of the same load (every worker compiles its templates and
    opens its database connection first)."""
    asyncio.run(_hammer(server.port, path, concurrency, warm_up))
    meter = server.meter()
    meter.start()
    latencies, statuses, caching, elapsed = asyncio.run(
        _hammer(server.port, path, concurrency, seconds)
    )
    cpu = meter.stop()
    count = len(latencies)
    return {
        "url": path,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests": count,
        "per_second": round(count / elapsed, 1),
        **summary_ms(latencies),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "statuses": {str(status): value for status, value in statuses.items()},
        # The page cache's answer (X-Cache: hit or miss; "-" when it had none).
        "x_cache": dict(caching),
        **per_request(*cpu, count),
    }
