"""Charts as inline SVG drawn on the server: no script, no CDN, readable without JavaScript.

Each chart is an <svg role="img"> with a <title>, and the figures are also in a table on the page.
Text is escaped; the markup is built here only from numbers and escaped labels.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.core.formats import vn_number, vn_percent

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 24, 48
SERIES_COLOURS = {"online": "#1a5fb4", "direct": "#8b0000", "postal": "#c88800"}
SERIES_LABELS = {"online": _("Trực tuyến"), "direct": _("Trực tiếp"), "postal": _("Bưu chính công ích")}


def count_ticks(value: int, *, most: int = 5) -> list[int]:
    """The axis of a count: whole numbers from 0, evenly spaced by 1, 2 or 5 times a power of ten,
    at most `most` intervals, the last at or above `value` (10 gives 0, 2, 4, 6, 8, 10)."""
    value = max(int(value), 1)
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            step = base * magnitude
            intervals = -(-value // step)
            if intervals <= most:
                return [step * i for i in range(intervals + 1)]
        magnitude *= 10


PERCENT_TICKS = [0, 25, 50, 75, 100]


def _frame(title: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="chart" aria-label="{escape(title)}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _axis(ticks: list[int], label) -> list[str]:
    plot_height = HEIGHT - TOP - BOTTOM
    parts = []
    for value in ticks:
        y = TOP + plot_height - plot_height * value / ticks[-1]
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{escape(label(value))}</text>'
        )
    return parts


def intake_chart(points: list[tuple[str, dict[str, int]]]) -> SafeString:
    """Stacked bars per month: online, direct, postal receipts."""
    title = gettext("Hồ sơ tiếp nhận theo kênh, theo tháng")
    if not points:
        return _frame(title, [])
    ticks = count_ticks(max(sum(values.values()) for _, values in points))
    max_value = ticks[-1]
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / len(points)
    bar = min(48.0, slot * 0.6)
    parts = _axis(ticks, vn_number)
    for index, (label, values) in enumerate(points):
        x = LEFT + slot * index + (slot - bar) / 2
        y = TOP + plot_height
        for key in ("online", "direct", "postal"):
            value = values.get(key, 0)
            if not value:
                continue
            h = plot_height * value / max_value
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{SERIES_COLOURS[key]}">'
                f"<title>{escape(label)}: {escape(SERIES_LABELS[key])} {vn_number(value)}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11">'
            f"{escape(label)}</text>"
        )
    legend_x = LEFT
    for key in ("online", "direct", "postal"):
        parts.append(f'<rect x="{legend_x}" y="{HEIGHT - 18}" width="10" height="10" fill="{SERIES_COLOURS[key]}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="{HEIGHT - 9}" font-size="11">{escape(SERIES_LABELS[key])}</text>')
        legend_x += 150
    return _frame(title, parts)


def on_time_chart(points: list[tuple[str, float | None]]) -> SafeString:
    """A line of the on-time rate (%) per month; months without results leave a gap."""
    title = gettext("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn theo tháng (%)")
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = _axis(PERCENT_TICKS, lambda v: vn_percent(v, 0))
    if not points:
        return _frame(title, parts)
    slot = plot_width / len(points)
    path, previous = [], False
    for index, (label, rate) in enumerate(points):
        x = LEFT + slot * index + slot / 2
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11">{escape(label)}</text>'
        )
        if rate is None:
            previous = False
            continue
        y = TOP + plot_height - plot_height * rate / 100
        path.append(f"{'L' if previous else 'M'}{x:.1f},{y:.1f}")
        previous = True
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1a5fb4"><title>{escape(label)}: '
            f"{escape(vn_percent(rate))}</title></circle>"
        )
    if path:
        parts.insert(len(parts), f'<path d="{" ".join(path)}" fill="none" stroke="#1a5fb4" stroke-width="2"/>')
    return _frame(title, parts)
