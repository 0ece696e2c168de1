"""Proposing tasks from a dispatch's numbered items and the reporting recurrence it asks for;
the clerk confirms them on the task pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from egov.core.text import nfc

from .models import Recurrence

_ITEM_RE = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+(\S.*)$")
_PERIODIC_RE = re.compile(r"báo\s+cáo\s+(?:định\s+kỳ\s+)?(?P<what>[^./;]*)", re.IGNORECASE)


@dataclass(frozen=True)
class ProposedTask:
    position: int
    content: str


def tasks_propose_from_text(text: str) -> list[ProposedTask]:
    """The numbered items "1. ...", "2. ..." of a dispatch, in order, as task proposals.

    An item runs on over following paragraphs that start in lower case (a page break in the
    middle of a sentence); a paragraph starting upper case that is not the next number ends it.
    """
    items: list[list] = []
    expected = 1
    for paragraph in (p.strip() for p in nfc(text).splitlines()):
        if not paragraph:
            continue
        match = _ITEM_RE.match(paragraph)
        if match and int(match.group(1)) == expected:
            items.append([expected, match.group(2).strip()])
            expected += 1
        elif items and items[-1] is not None and paragraph[0].islower():
            items[-1][1] += " " + paragraph
        elif items and items[-1] is not None:
            items.append(None)  # the list ended; later numbers start nothing
            break
    return [ProposedTask(position=p, content=c) for p, c in (i for i in items if i is not None)]


def propose_recurrence(text: str) -> str:
    """The reporting recurrence a dispatch asks for ("báo cáo định kỳ 6 tháng, 01 năm")."""
    for match in _PERIODIC_RE.finditer(nfc(text)):
        what = match["what"].lower()
        six_months = "6 tháng" in what or "sáu tháng" in what
        yearly = bool(re.search(r"\b(?:0?1\s+)?năm\b", what.replace("6 tháng", "")))
        if six_months and yearly:
            return Recurrence.HALF_YEARLY_AND_YEARLY
        if six_months:
            return Recurrence.HALF_YEARLY
        if "quý" in what:
            return Recurrence.QUARTERLY
        if "tháng" in what:
            return Recurrence.MONTHLY
        if yearly:
            return Recurrence.YEARLY
    return Recurrence.NONE
