"""The 15:00 rule first as a hand-over rule (NĐ 118/2025/NĐ-CP Art. 18 as the provinces' internal-workflow
decisions implement it; law-2026.md §6.1 and §8.5, tagged [S]): an electronic dossier is transferred at
once, a paper one received after 15:00 by the next working morning; the per-procedure rule that a time
limit starts the next day after 15:00 (`afternoon_cutoff`) is separate and unchanged by it."""

import datetime as dt

import pytest

from egov.organisations.roles import Role
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..handover import transfer_due_at, transfer_rule_on
from ..models import Channel, TransferRule
from .factories import make_staff, procedure_with_workflow, submitted_dossier

pytestmark = pytest.mark.django_db


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


def receive(procedure, at, channel):
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    dossier = submitted_dossier(procedure, at=at, channel=channel, actor=desk)
    return services.dossier_receive(dossier=dossier, actor=desk, at=at)


def test_the_2025_rule_is_in_force_from_1_july_2025_and_the_2018_reading_before():
    assert transfer_rule_on(dt.date(2025, 6, 30)).electronic_immediate is False
    rule = transfer_rule_on(dt.date(2025, 7, 1))
    assert (rule.electronic_immediate, rule.cutoff_time, rule.next_day_by) == (True, dt.time(15), dt.time(11, 30))


@pytest.mark.parametrize("hour", [9, 16])
def test_an_electronic_dossier_is_transferred_at_once_whatever_the_hour(hour):
    at = local(2026, 3, 2, hour, 10)  # a Monday
    assert transfer_due_at(Channel.ONLINE, at) == at


@pytest.mark.parametrize(
    ("channel", "at", "due"),
    [
        (Channel.DIRECT, local(2026, 3, 2, 14, 59), local(2026, 3, 2, 17, 0)),
        (Channel.DIRECT, local(2026, 3, 2, 15, 1), local(2026, 3, 3, 11, 30)),
        (Channel.POSTAL, local(2026, 3, 6, 16, 0), local(2026, 3, 9, 11, 30)),  # Friday -> Monday morning
    ],
)
def test_a_paper_dossier_after_15h_is_transferred_by_the_next_working_morning(channel, at, due):
    assert transfer_due_at(channel, at) == due


def test_a_province_that_moves_late_electronic_dossiers_to_the_next_morning_edits_the_rule():
    TransferRule.objects.filter(valid_from=dt.date(2025, 7, 1)).update(electronic_cutoff=True)
    assert transfer_due_at(Channel.ONLINE, local(2026, 3, 2, 15, 30)) == local(2026, 3, 3, 11, 30)
    assert transfer_due_at(Channel.ONLINE, local(2026, 3, 2, 10, 0)) == local(2026, 3, 2, 10, 0)


@pytest.mark.parametrize("deadline_cutoff", [False, True])
def test_the_transfer_rule_and_the_deadline_start_rule_are_independent(deadline_cutoff):
    """A paper dossier at 16:00 is handed over next morning either way; its due date counts from
    the next day only when the procedure says so (TT 03/2025 / procedure-specific time limits)."""
    procedure = procedure_with_workflow(time_limit=5, afternoon_cutoff=deadline_cutoff)
    dossier = receive(procedure, local(2026, 3, 2, 16, 0), Channel.DIRECT)
    assert dossier.steps.get().due_at == local(2026, 3, 3, 11, 30)
    assert dossier.due_date == (dt.date(2026, 3, 10) if deadline_cutoff else dt.date(2026, 3, 9))


def test_an_electronic_dossier_received_late_keeps_its_deadline_rule_and_is_due_for_transfer_at_once():
    procedure = procedure_with_workflow(time_limit=5, afternoon_cutoff=True)
    at = local(2026, 3, 2, 16, 0)
    dossier = receive(procedure, at, Channel.ONLINE)
    assert dossier.steps.get().due_at == at
    assert dossier.due_date == dt.date(2026, 3, 10)
