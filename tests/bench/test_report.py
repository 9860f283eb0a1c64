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
