"""The due time of the desk's hand-over of a received dossier to the processing unit (Form 06 of
TT 03/2025, Form 05 of TT 01/2018: the first line of the control slip), from the `TransferRule`
in force on the day of receipt (NĐ 118/2025/NĐ-CP Art. 18; law-2026.md §8.5, [S])."""

from __future__ import annotations

import datetime as dt

from egov.core.formats import local_date
from egov.workdays.calendar import LOCAL_TZ, get_calendar

from .models import Channel, TransferRule

# Before any rule is entered: the reading of NĐ 61/2018 the system was built on (domain.md §2.4).
FALLBACK_RULE = TransferRule(
    valid_from=dt.date(2018, 6, 21),
    cutoff_time=dt.time(15, 0),
    electronic_immediate=False,
    electronic_cutoff=False,
    next_day_by=dt.time(17, 0),
    same_day_by=dt.time(17, 0),
)


def transfer_rule_on(day: dt.date) -> TransferRule:
    return TransferRule.objects.filter(valid_from__lte=day).order_by("-valid_from").first() or FALLBACK_RULE


def transfer_due_at(channel: str, received_at: dt.datetime) -> dt.datetime:
    """By when the desk must hand the dossier over.

    Electronic (online) dossiers: at once when the rule says so (or, under a rule with an
    electronic cut-off, the next working morning when received after it). Paper dossiers (at the
    desk, by post): the same working day, or the next working morning when received after the
    cut-off."""
    rule = transfer_rule_on(local_date(received_at))
    calendar = get_calendar()
    electronic = channel == Channel.ONLINE
    cutoff = rule.cutoff_time if (not electronic or rule.electronic_cutoff) else None
    day = calendar.receipt_day(received_at, cutoff)
    if day > local_date(received_at):
        return dt.datetime.combine(day, rule.next_day_by, tzinfo=LOCAL_TZ)
    if electronic and rule.electronic_immediate:
        return received_at
    return dt.datetime.combine(day, rule.same_day_by, tzinfo=LOCAL_TZ)
