"""The benchmark's cold table: each page kind's target beside its figure, met or not."""

from bench import report


def row(name, kind, median, queries):
    return {
        "name": name,
        "kind": kind,
        "median_ms": 1.0,
        "cold": {
            "median_ms": median,
            "p95_ms": median,
            "cpu_median_ms": median,
            "queries": queries,
        },
    }


def test_cold_targets_are_marked_per_kind_and_counted():
    pages = {
        "repeat": 20,
        "rows": [
            {"name": "robots.txt (floor)", "kind": "floor", "median_ms": 0.7},
            row("home page", "home", 29.0, 12),
            row("experiences, first page", "list", 41.0, 20),
            row("experience article", "detail", 25.0, 11),
            row("good practice", "detail", 30.0, 10),
            row("topic", "page", 90.0, 16),
        ],
    }

    lines = report.cold_table(10000, pages).splitlines()

    by_name = {line.split("  ")[0]: line for line in lines[2:-1]}
    assert by_name["home page"].endswith("<= 30 ms met")
    assert by_name["experiences, first page"].endswith("<= 40 ms MISSED")
    assert by_name["experience article"].endswith("<= 30 ms met, <= 10 queries MISSED")
    assert by_name["good practice"].endswith("<= 30 ms met, <= 10 queries met")
    assert by_name["topic"].rstrip().endswith("16")  # shown, no target
    assert lines[-1] == "Cold targets missed: 2"


def test_the_summary_marks_each_target_at_each_size():
    def served(per_second, median, p99):
        return {"per_second": per_second, "median_ms": median, "p99_ms": p99}

    def size(cold_list, confirmed):
        return {
            "pages": {
                "rows": [
                    {"kind": "floor", "median_ms": 0.7},
                    {"kind": "home", "median_ms": 3.0, "cold": {"median_ms": 28.0}},
                    {
                        "kind": "list",
                        "median_ms": 6.0,
                        "cold": {"median_ms": cold_list},
                    },
                    {
                        "kind": "detail",
                        "median_ms": 5.0,
                        "cold": {"median_ms": 29.0, "queries": 9},
                    },
                    {"kind": "search", "median_ms": 40.0},
                    {"kind": "api", "median_ms": 20.0, "max_ms": 99.0},
                ]
            },
            "load": {
                "uncached": {
                    "robots.txt (floor)": served(900, 1, 99),
                    "a": served(131, 30, 60),
                },
                "cached": {"a": served(600, 4, 8)},
            },
            "burst": {
                "uncached": {
                    "registrations_per_second": 120,
                    "confirmed": confirmed,
                    "waiting": 150,
                },
                "cached": {
                    "registrations_per_second": 101,
                    "confirmed": 50,
                    "waiting": 150,
                },
            },
            "rush": {"p95_ratio": 1.2},
        }

    table = report.markdown(
        {"sizes": {"1000": size(39.0, 50), "10000": size(41.0, 49)}}
    )

    rows = {line.split(":")[0].strip("| "): line for line in table.splitlines()[2:]}
    assert table.splitlines()[0] == "| target | N = 1,000 | N = 10,000 |"
    assert rows["Cold list, slowest"].endswith("| 39.0 ms met | 41.0 ms **missed** |")
    assert rows["Burst, confirmed and waiting"].endswith(
        "| 50 and 150 met | 49 and 150 / 50 and 150 **missed** |"
    )
    # The floor's tail (99 / 1) is not the portal's.
    assert rows["Tail, worst p99 / median"].endswith("| 2.0 met | 2.0 met |")
    assert rows["Burst, registrations per second"].endswith("| 101 met | 101 met |")
    assert "**missed**" not in rows["API, slowest request"]
