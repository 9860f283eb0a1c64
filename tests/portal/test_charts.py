"""Charts drawn on the server (portal.charts)."""

import pytest

from portal import charts


def test_numbers_are_grouped_as_in_bokmal():
    assert charts.format_number(1234567) == "1\u202f234\u202f567"
    assert charts.format_number(-500) == "−500"
    assert charts.format_number(0) == "0"


def test_bars_stand_on_the_zero_line_and_scale_with_their_values():
    chart = charts.bar_chart([(1, -100), (2, 0), (3, 200), (4, 400)])
    loss, nothing, gain, twice = chart.bars
    assert loss.negative and loss.y == chart.zero  # hangs down from zero
    assert gain.y + gain.height == chart.zero  # stands up on zero
    # Coordinates are rounded to a tenth of a pixel.
    assert twice.height == pytest.approx(2 * gain.height, abs=0.3)
    assert gain.height == pytest.approx(2 * loss.height, abs=0.3)
    assert nothing.height == 0.5  # a hairline, so that a zero year is seen
    # The scale's ticks are round and span every value.
    labels = [tick.label for tick in chart.ticks]
    assert labels == ["−200", "0", "200", "400"]
    assert chart.ticks[0].y > chart.ticks[-1].y


def test_long_series_label_every_few_bars():
    chart = charts.bar_chart([(year, year) for year in range(1, 51)])
    assert [label for _x, label in chart.labels] == [
        "1",
        "6",
        "11",
        "16",
        "21",
        "26",
        "31",
        "36",
        "41",
        "46",
        "50",
    ]


def test_lines_skip_missing_values():
    chart = charts.line_chart(
        [2020, 2021, 2022], [("Karmøy", [10, None, 30]), ("Landet", [5, 6, 7])]
    )
    karmoy, country = chart.lines
    assert len(karmoy["dots"]) == 2
    assert len(country["dots"]) == 3
    assert karmoy["dots"][1][1] < karmoy["dots"][0][1]  # 30 is drawn above 10


def test_every_chart_also_comes_narrow_for_a_phone():
    """A phone shows the narrow drawing: 320 units wide, so its text is not scaled
    down to a third, and with at most six labels along the bottom."""
    bars = charts.bar_chart([(year, year) for year in range(1, 51)], unit="kr")
    lines = charts.line_chart(range(2010, 2030), [("Antall", list(range(20)))])
    for chart in (bars, lines):
        wide, narrow = chart.variants
        assert (wide.name, wide.width) == ("wide", 720)
        assert (narrow.name, narrow.width) == ("narrow", 320)
        assert len(narrow.labels) <= 6
        assert all(narrow.left <= x <= narrow.right for x, _label in narrow.labels)
    assert len(bars.narrow.bars) == 50
    assert charts.bar_chart([]).variants == [charts.bar_chart([])]
