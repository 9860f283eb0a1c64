"""Charts drawn on the server as SVG: no script, printable, the same for everyone.

``bar_chart`` lays out bars for values that may be negative; ``line_chart`` lays out
series over the same labels. Templates draw them (``components/bar_chart.html``,
``components/line_chart.html``); the figures are always also in a table beside them.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Frame:
    """A chart's drawing area in SVG units, and how many labels fit along its bottom.

    The SVG scales to the width it is given, its text with it; each chart is drawn
    twice, wide and narrow, and the stylesheet shows the one whose text stays at
    least 12 CSS pixels at the screen's width (see .chart__svg in portal.css).
    """

    name: str
    width: int
    height: int
    margin_left: int = 84
    margin_right: int = 12
    margin_top: int = 12
    margin_bottom: int = 28
    most_labels: int = 12


WIDE = Frame("wide", width=720, height=260)
NARROW = Frame("narrow", width=320, height=220, margin_right=8, most_labels=6)
# The wide frame's figures under their old names, for callers that use them.
WIDTH, HEIGHT = WIDE.width, WIDE.height
MARGIN_LEFT, MARGIN_RIGHT = WIDE.margin_left, WIDE.margin_right
MARGIN_TOP, MARGIN_BOTTOM = WIDE.margin_top, WIDE.margin_bottom


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float
    negative: bool
    text: str  # the value as the chart's title says it: «−129 687 kr»


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    labels: list = field(default_factory=list)  # (x, text) along the bottom
    zero: float = 0
    left: int = MARGIN_LEFT
    right: int = WIDTH - MARGIN_RIGHT
    name: str = WIDE.name
    narrow: "Chart | None" = None  # the same chart drawn for a phone

    @classmethod
    def framed(cls, frame):
        return cls(
            width=frame.width,
            height=frame.height,
            left=frame.margin_left,
            right=frame.width - frame.margin_right,
            name=frame.name,
        )

    @property
    def variants(self):
        """The wide chart and, when there is one, the narrow."""
        return [self] + ([self.narrow] if self.narrow else [])


def _nice_step(span, steps=4):
    """A round step (1, 2 or 5 times a power of ten) dividing span into ~steps."""
    if span <= 0:
        return 1
    raw = span / steps
    power = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for multiple in (1, 2, 5, 10):
        if multiple * power >= raw:
            return multiple * power
    return 10 * power


def _scale(values, frame=WIDE):
    low = min(0, *values)
    high = max(0, *values)
    step = _nice_step(high - low)
    low = (low // step) * step
    high = -((-high) // step) * step
    if high == low:
        high = low + step
    top, bottom = frame.margin_top, frame.height - frame.margin_bottom

    def y(value):
        return round(bottom - (value - low) / (high - low) * (bottom - top), 1)

    ticks = []
    value = low
    while value <= high:
        ticks.append(Tick(y=y(value), label=format_number(value)))
        value += step
    return y, ticks


def format_number(value):
    """12 345 678 with a narrow no-break space, as bokmål writes numbers."""
    value = int(round(value))
    text = f"{abs(value):,}".replace(",", "\u202f")
    return f"−{text}" if value < 0 else text


def _label_every(count, most=12):
    for every in (1, 2, 5, 10, 20, 50, 100):
        if count / every <= most:
            return every
    return count


def bar_chart(items, unit=""):
    """A chart of (label, value) bars around a zero line; values counted in ``unit``."""
    items = [(str(label), float(Decimal(value))) for label, value in items]
    chart = _bar_chart(items, unit, WIDE)
    if items:
        chart.narrow = _bar_chart(items, unit, NARROW)
    return chart


def _bar_chart(items, unit, frame):
    chart = Chart.framed(frame)
    if not items:
        return chart
    y, chart.ticks = _scale([value for _label, value in items], frame)
    chart.zero = y(0)
    slot = (chart.right - chart.left) / len(items)
    width = max(1.0, round(slot * 0.7, 1))
    every = _label_every(len(items), frame.most_labels)
    for index, (label, value) in enumerate(items):
        x = round(chart.left + index * slot + (slot - width) / 2, 1)
        top = min(y(value), chart.zero)
        chart.bars.append(
            Bar(
                x=x,
                y=top,
                width=width,
                height=max(0.5, round(abs(y(value) - chart.zero), 1)),
                label=label,
                value=value,
                negative=value < 0,
                text=f"{format_number(value)} {unit}".strip(),
            )
        )
        if index % every == 0 or index == len(items) - 1:
            chart.labels.append((round(x + width / 2, 1), label))
    return chart


def line_chart(labels, series):
    """A chart of named series (name, [value or None per label]) over the labels."""
    labels = [str(label) for label in labels]
    chart = _line_chart(labels, series, WIDE)
    if chart.lines:
        chart.narrow = _line_chart(labels, series, NARROW)
    return chart


def _line_chart(labels, series, frame):
    chart = Chart.framed(frame)
    values = [float(v) for _name, points in series for v in points if v is not None]
    if not labels or not values:
        return chart
    y, chart.ticks = _scale(values, frame)
    chart.zero = y(0)
    slot = (chart.right - chart.left) / max(1, len(labels) - 1)

    def x(index):
        return round(chart.left + index * slot, 1) if len(labels) > 1 else chart.left

    for number, (name, points) in enumerate(series):
        coordinates = [
            (x(index), y(float(value)))
            for index, value in enumerate(points)
            if value is not None
        ]
        chart.lines.append(
            {
                "name": name,
                "number": number,
                "points": " ".join(f"{px},{py}" for px, py in coordinates),
                "dots": coordinates,
            }
        )
    every = _label_every(len(labels), frame.most_labels)
    chart.labels = [
        (x(index), label)
        for index, label in enumerate(labels)
        if index % every == 0 or index == len(labels) - 1
    ]
    return chart
