"""What a domain gives the department's periodic reports: its sections.

A report the department writes ("BÁO CÁO 6 tháng đầu năm 2021 ...") is a list of sections inside
the Nghị định 30 frame. Each domain declares its own in `<app>/report_sections.py` as
`SECTIONS = [Section(...), ...]`; reports/sections.py collects them by key (the way each app's
`role_grants.py` is collected) and reports/docx_report.py prints them. The types live here, under
the domains, because a domain may not import the reports app above it (docs/decisions/0046-layers.md).

A section is:

- `key`: the stable name a report refers to ("dossiers.tthc"), unique across the apps;
- `title`: its part heading when a report has several parts;
- `figures(period, scope)`: the domain's selector for the period (anything with `date_from` and
  `date_to`, whole local days: reports.periods.Period) and the ReportScope;
- `paragraphs(figures)`: the report's text, in Vietnamese whatever the UI language;
- `table(figures)`: the Table printed under the text, or None.

Figures are computed once and handed to `paragraphs` and `table`: a page that already holds them
(the statistics dashboard) prints the same text as the .docx through `Section.part`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ReportScope:
    """Whose figures: one agency (an organisations Agency; None: every agency), within what `user`
    may see (None: no limit, for the command line and the demo)."""

    agency: Any = None
    user: Any = None


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]  # cells as printed; "\n" starts a new line in the cell
    widths_cm: list[float]
    # The body sentence that points to the table ("... tại biểu dưới đây"), printed after the
    # section's paragraphs; a page that shows its own table leaves it out.
    reference: str = ""
    caption: str = ""  # a bold line above the table, after a blank line


@dataclass(frozen=True)
class Part:
    """A section written out for one period and scope: what a report prints."""

    key: str
    title: str
    paragraphs: list[str]
    table: Table | None = None


def no_table(figures: Any) -> None:
    return None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: Callable[[Any, ReportScope], Any]
    paragraphs: Callable[[Any], list[str]]
    table: Callable[[Any], Table | None] = field(default=no_table)

    def part(self, figures: Any) -> Part:
        """The text and the table for figures already computed (by `figures`, or by a page)."""
        return Part(self.key, self.title, self.paragraphs(figures), self.table(figures))

    def compose(self, period: Any, scope: ReportScope) -> Part:
        return self.part(self.figures(period, scope))
