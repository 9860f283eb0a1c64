"""The tables ``make bench`` prints: figures, the target beside each, met or missed."""

from bench.common import (
    TARGET_API_MS,
    TARGET_BURST,
    TARGET_COLD_DETAIL_QUERIES,
    TARGET_COLD_MS,
    TARGET_DETAIL_MS,
    TARGET_PAGE_MS,
    TARGET_RUSH_P95_RATIO,
    TARGET_SEARCH_MS,
    TARGET_TAIL_RATIO,
    TARGET_THROUGHPUT,
    mark,
)

LIMITS_MS = {
    "detail": TARGET_DETAIL_MS,
    "search": TARGET_SEARCH_MS,
    "api": TARGET_API_MS,
}
# Kinds whose every request must stay under the target, not only the median.
BOUNDED_KINDS = ("api",)


def page_limit_ms(row):
    return LIMITS_MS.get(row["kind"], TARGET_PAGE_MS)


def _queries(row, baseline):
    """This size's query count beside the first size's, for the same address."""
    if baseline is None:
        return "", None
    before = baseline.get(row["name"])
    if before is None:
        return "new", None
    return (f"{before} same" if before == row["queries"] else f"{before} DIFF"), (
        before == row["queries"]
    )


def _number(value):
    return "–" if value is None else f"{value:.1f}"


def pages_table(size, pages, baseline=None):
    """In-process figures; ``baseline`` maps names to query counts at the first size."""
    rows = pages["rows"]
    floor = next(row for row in rows if row["kind"] == "floor")["median_ms"]
    compared = f"q@{baseline['size']}" if baseline else ""
    content = ", ".join(f"{count:,} {kind}" for kind, count in pages["content"].items())
    lines = [
        f"Content: {content}",
        f"In-process, N={size:,}: {pages['repeat']} timed requests each after "
        f"warm-up; ms; ×floor = median / median of {floor:.1f} ms for robots.txt; "
        "cpu = median CPU of the Django process, db = mean CPU of its PostgreSQL "
        "backend (both steadier than the clock on a busy machine); the API's target "
        "holds for its slowest request (max)",
        f"{'address':34} {'median':>7} {'p95':>7} {'max':>7} {'×floor':>7} {'cpu':>6} "
        f"{'db':>5} {'queries':>7} {compared:>10} {'bytes':>7} {'status':>6}  target",
    ]
    missed = 0
    for row in rows:
        limit = page_limit_ms(row)
        bounded = row["kind"] in BOUNDED_KINDS
        met = row["max_ms" if bounded else "median_ms"] < limit
        queries, same = _queries(row, baseline and baseline["queries"])
        missed += (not met) + (same is False)
        status = (
            row["status"] if set(row["statuses"]) == {str(row["status"])} else "mixed"
        )
        note = f"  ({row['note']})" if row["note"] else ""
        lines.append(
            f"{row['name'][:34]:34} {row['median_ms']:7.1f} {row['p95_ms']:7.1f} "
            f"{row.get('max_ms', 0):7.1f} "
            f"{row['median_ms'] / floor:7.1f} {row['cpu_median_ms']:6.1f} "
            f"{_number(row['database_cpu_ms']):>5} "
            f"{row['queries']:7} {queries:>10} "
            f"{row['bytes']:7} {status:>6}  {'max ' if bounded else ''}< {limit} ms "
            f"{mark(met)}{note}"
        )
    lines.append(f"Targets missed: {missed} (medians and query counts)")
    return "\n".join(lines)


def cold_table(size, pages):
    """The same addresses with every cache emptied before each request."""
    rows = [row for row in pages["rows"] if "cold" in row]
    floor = next(row for row in pages["rows"] if row["kind"] == "floor")["median_ms"]
    lines = [
        f"Cold, N={size:,}: the cache emptied before each of {pages['repeat']} timed "
        "requests (not timed itself), as after any change; ms; cpu = median CPU of "
        f"the Django process; floor {floor:.1f} ms",
        f"{'address':34} {'median':>7} {'p95':>7} {'cpu':>6} {'queries':>7}  target",
    ]
    missed = 0
    for row in rows:
        cold = row["cold"]
        limit = TARGET_COLD_MS.get(row["kind"])
        target = ""
        if limit is not None:
            met = cold["median_ms"] <= limit
            target = f"<= {limit} ms {mark(met)}"
            if row["kind"] == "detail":
                queries_met = cold["queries"] <= TARGET_COLD_DETAIL_QUERIES
                target += (
                    f", <= {TARGET_COLD_DETAIL_QUERIES} queries {mark(queries_met)}"
                )
                met = met and queries_met
            missed += not met
        lines.append(
            f"{row['name'][:34]:34} {cold['median_ms']:7.1f} {cold['p95_ms']:7.1f} "
            f"{cold['cpu_median_ms']:6.1f} {cold['queries']:7}  {target}"
        )
    lines.append(f"Cold targets missed: {missed}")
    return "\n".join(lines)


def load_table(size, load, server):
    lines = [
        f"Through gunicorn, N={size:,}: {server}; the load generator shares the "
        "machine's cores with the server",
        "app, db = CPU ms per request of gunicorn and of PostgreSQL; alone = req/s the "
        "cores could serve at that CPU if nothing else ran on them; hits = answers "
        f"from the page cache; tail = p99 / median (target <= {TARGET_TAIL_RATIO})",
        f"{'address':34} {'mode':9} {'req/s':>7} {'median':>7} {'p95':>7} "
        f"{'p99':>7} {'app':>5} {'db':>5} {'alone':>6} {'hits':>5} {'requests':>8}  "
        "statuses  target",
    ]
    for mode, results in load.items():
        for name, result in results.items():
            floor = name.endswith("(floor)")
            wanted = TARGET_THROUGHPUT[mode]
            tail = result["p99_ms"] / result["median_ms"]
            target = f"tail {tail:.1f} {mark(tail <= TARGET_TAIL_RATIO)}" + (
                ""
                if floor
                else f", >= {wanted} req/s {mark(result['per_second'] >= wanted)}"
            )
            statuses = ",".join(f"{k}×{v}" for k, v in result["statuses"].items())
            hits = result["x_cache"].get("hit", 0) / result["requests"]
            lines.append(
                f"{name[:34]:34} {mode:9} {result['per_second']:7.1f} "
                f"{result['median_ms']:7.1f} {result['p95_ms']:7.1f} "
                f"{result['p99_ms']:7.1f} {result['app_cpu_ms']:5.1f} "
                f"{result['database_cpu_ms']:5.1f} {result['capacity_per_second']:6.1f} "
                f"{hits:5.0%} {result['requests']:8}  {statuses}  {target}"
            )
    return "\n".join(lines)


def burst_table(size, bursts):
    lines = [f"Registration burst, N={size:,}, through gunicorn from one address"]
    for mode, burst in bursts.items():
        statuses = ", ".join(f"{k}×{v}" for k, v in sorted(burst["statuses"].items()))
        confirms = burst.get("confirm_statuses", {})
        errors = sum(
            v
            for answers in (burst["statuses"], confirms)
            for k, v in answers.items()
            if k != "302"
        )
        lines += [
            f"  {mode}: {burst['people']} people for {burst['seats']} seats in "
            f"{burst['seconds']:.2f} s ({burst['requests_per_second']:.1f} requests/s); "
            f"statuses {statuses}; per-client limit {burst['limit_per_client']}",
            f"    held before confirming: {burst['holding_unconfirmed']} seats, "
            f"{burst['waiting_unconfirmed']} in the queue",
        ]
        if "confirm_seconds" in burst:
            lines.append(
                f"    all confirm from the e-mail's link: {burst['confirm_seconds']:.2f} s "
                f"({burst['confirmations_per_second']:.1f}/s); statuses "
                + ", ".join(f"{k}×{v}" for k, v in sorted(confirms.items()))
            )
        lines += [
            f"    confirmed {burst['confirmed']:4} (target {TARGET_BURST['confirmed']}) "
            f"{mark(burst['confirmed'] == TARGET_BURST['confirmed'])}",
            f"    waiting   {burst['waiting']:4} (target {TARGET_BURST['waiting']}) "
            f"{mark(burst['waiting'] == TARGET_BURST['waiting'])}",
            f"    refused or failed {errors:4} (target 0) {mark(errors == 0)}",
            f"    registrations/s {burst['registrations_per_second']:6.1f} "
            f"(target >= {TARGET_BURST['per_second']}) "
            f"{mark(burst['registrations_per_second'] >= TARGET_BURST['per_second'])}",
            f"    CPU per POST: app {burst['app_cpu_ms']:.1f} ms, db "
            f"{burst['database_cpu_ms']:.1f} ms; alone the cores could take "
            f"{burst['capacity_per_second']:.1f} POSTs/s",
        ]
    return "\n".join(lines)


def rush_table(size, rush):
    """Readers during a registration rush against a quiet minute."""
    lines = [
        f"Registration rush, N={size:,}, through gunicorn with the page cache: "
        f"{rush['readers']} readers; {rush['people']} people register over "
        f"{rush['rush_seconds']:.0f} s ({rush['registered']} registered; answers "
        + ", ".join(f"{k}×{v}" for k, v in sorted(rush["answers"].items()))
        + ")",
        f"  {'phase':<8} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'warm':>6}",
    ]
    for phase in ("quiet", "rush"):
        row = rush[phase]
        lines.append(
            f"  {phase:<8} {row['requests']:>8} {row['median_ms']:>8.1f} "
            f"{row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['warm_share']:>6.1%}"
        )
    lines.append(
        f"  p95 during the rush / quiet: {rush['p95_ratio']:.2f} "
        f"(target <= {TARGET_RUSH_P95_RATIO}) "
        f"{mark(rush['p95_ratio'] <= TARGET_RUSH_P95_RATIO)}"
    )
    return "\n".join(lines)


def _summary(entry):
    """[(what, target, figure, met)] for one size: the slowest of each kind."""
    rows = entry["pages"]["rows"]

    def slowest(kinds, field="median_ms", cold=False):
        return max(
            (row["cold"] if cold else row)[field]
            for row in rows
            if row["kind"] in kinds
        )

    served = [
        (mode, result)
        for mode, results in entry["load"].items()
        for name, result in results.items()
        if not name.endswith("(floor)")
    ]
    bursts = entry["burst"].values()
    figures = [
        (
            "Warm page, slowest median",
            TARGET_PAGE_MS,
            slowest(("home", "list", "page")),
        ),
        ("Warm detail page, slowest median", TARGET_DETAIL_MS, slowest(("detail",))),
        ("Search, slowest median", TARGET_SEARCH_MS, slowest(("search",))),
        ("API, slowest request", TARGET_API_MS, slowest(("api",), "max_ms")),
        ("Cold home page", TARGET_COLD_MS["home"], slowest(("home",), cold=True)),
        ("Cold list, slowest", TARGET_COLD_MS["list"], slowest(("list",), cold=True)),
        (
            "Cold detail, slowest",
            TARGET_COLD_MS["detail"],
            slowest(("detail",), cold=True),
        ),
    ]
    lines = [
        (what, f"≤ {limit} ms", f"{value:.1f} ms", value <= limit)
        for what, limit, value in figures
    ]
    queries = slowest(("detail",), "queries", cold=True)
    lines.append(
        (
            "Cold detail, most queries",
            f"≤ {TARGET_COLD_DETAIL_QUERIES}",
            str(queries),
            queries <= TARGET_COLD_DETAIL_QUERIES,
        )
    )
    for mode in TARGET_THROUGHPUT:
        rate = min(result["per_second"] for m, result in served if m == mode)
        wanted = TARGET_THROUGHPUT[mode]
        lines.append(
            (
                f"Through gunicorn, {mode}, slowest",
                f"≥ {wanted} req/s",
                f"{rate:.0f} req/s",
                rate >= wanted,
            )
        )
    tail = max(result["p99_ms"] / result["median_ms"] for _, result in served)
    lines.append(
        (
            "Tail, worst p99 / median",
            f"≤ {TARGET_TAIL_RATIO}",
            f"{tail:.1f}",
            tail <= TARGET_TAIL_RATIO,
        )
    )
    rate = min(burst["registrations_per_second"] for burst in bursts)
    lines.append(
        (
            "Burst, registrations per second",
            f"≥ {TARGET_BURST['per_second']}",
            f"{rate:.0f}",
            rate >= TARGET_BURST["per_second"],
        )
    )
    outcome = {(burst["confirmed"], burst["waiting"]) for burst in bursts}
    wanted = (TARGET_BURST["confirmed"], TARGET_BURST["waiting"])
    lines.append(
        (
            "Burst, confirmed and waiting",
            f"{wanted[0]} and {wanted[1]}",
            " / ".join(f"{c} and {w}" for c, w in sorted(outcome)),
            outcome == {wanted},
        )
    )
    ratio = entry["rush"]["p95_ratio"]
    lines.append(
        (
            "Rush, readers' p95 against quiet",
            f"≤ {TARGET_RUSH_P95_RATIO}",
            f"{ratio:.2f}",
            ratio <= TARGET_RUSH_P95_RATIO,
        )
    )
    return lines


def markdown(results):
    """The README's table: each target, its figure at every size, met or missed."""
    sizes = list(results["sizes"])
    summaries = [_summary(results["sizes"][size]) for size in sizes]
    header = "| target | " + " | ".join(f"N = {int(size):,}" for size in sizes) + " |"
    lines = [header, "| --- " * (len(sizes) + 1) + "|"]
    for rows in zip(*summaries, strict=True):
        what, target = rows[0][0], rows[0][1]
        cells = [
            f"{figure} {'met' if met else '**missed**'}" for _, _, figure, met in rows
        ]
        lines.append(f"| {what}: {target} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys

    from bench.common import RESULTS

    path = sys.argv[1] if len(sys.argv) > 1 else RESULTS / "latest.json"
    with open(path) as figures:
        print(markdown(json.load(figures)))
