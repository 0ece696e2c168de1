"""Every seeded time limit against a date computed by hand across a holiday (Tết 2026, Tết 2027,
the 2/9/2026 swap), with the rule chosen by the date of the start event; extensions to the legal maximum."""

import datetime as dt
from types import SimpleNamespace

import pytest

from egov.workdays.calendar import get_calendar

from ..deadlines import due_on
from ..models import TimeLimitRule
from ..selectors import rule_in_force

pytestmark = pytest.mark.django_db

D = dt.date
# Tết 2026: Sat 14/2 – Sun 22/2 off (holidays Mon 16 – Fri 20). Tết 2027: Thu 4/2 – Wed 10/2 off.
# (step, condition, start of the clock, due date counted by hand)
CASES = [
    # Working days: the start day is not counted; 13/2/2026 is day 1, 23/2 day 2.
    ("petition_processing", "standard", D(2026, 2, 12), D(2026, 3, 5)),
    ("denunciation_intake", "standard", D(2026, 2, 12), D(2026, 3, 2)),
    ("denunciation_intake", "several_places", D(2026, 2, 12), D(2026, 3, 5)),
    ("denunciation_forward", "standard", D(2026, 2, 12), D(2026, 2, 26)),
    # Calendar days: the last day falls inside Tết and moves to Monday 23/2/2026 (BLDS Art. 148).
    ("complaint_acceptance", "standard", D(2026, 2, 6), D(2026, 2, 23)),  # Luật KN Art. 27: 10 days until 30/6/2026
    ("complaint_first_resolution", "standard", D(2026, 1, 19), D(2026, 2, 23)),
    ("complaint_first_resolution", "complex", D(2026, 1, 4), D(2026, 2, 23)),
    ("complaint_first_resolution", "remote", D(2026, 1, 4), D(2026, 2, 23)),
    ("complaint_first_resolution", "remote_complex", D(2025, 12, 20), D(2026, 2, 23)),
    ("complaint_second_request", "standard", D(2026, 1, 19), D(2026, 2, 23)),
    ("complaint_second_request", "remote", D(2026, 1, 4), D(2026, 2, 23)),
    ("complaint_second_resolution", "standard", D(2026, 1, 4), D(2026, 2, 23)),
    ("complaint_second_resolution", "complex", D(2025, 12, 20), D(2026, 2, 23)),
    ("complaint_second_resolution", "remote", D(2025, 12, 20), D(2026, 2, 23)),
    ("complaint_second_resolution", "remote_complex", D(2025, 12, 10), D(2026, 2, 23)),
    ("complaint_time_bar", "standard", D(2025, 11, 20), D(2026, 2, 23)),
    ("complaint_time_bar", "staff_discipline", D(2026, 2, 3), D(2026, 2, 23)),
    ("denunciation_resolution", "standard", D(2026, 1, 19), D(2026, 2, 23)),
    ("denunciation_resolution", "complex", D(2026, 1, 19), D(2026, 2, 23)),
    ("denunciation_resolution", "very_complex", D(2026, 1, 19), D(2026, 2, 23)),
    # The 2026 decrees, across Tết 2027: 11/2/2027 is the first working day after it.
    ("reception_refusal_notice", "standard", D(2027, 2, 3), D(2027, 2, 15)),
    ("complaint_acceptance", "standard", D(2027, 2, 3), D(2027, 2, 19)),  # NĐ 155/2026: 07 working days
    ("suspension_notice", "standard", D(2027, 2, 3), D(2027, 2, 15)),
    ("petition_unprocessed_limit", "standard", D(2026, 12, 23), D(2027, 2, 11)),
    # "Before" limits count back from the event: a notice due on a Tết day goes out before Tết.
    ("dialogue_notice", "standard", D(2027, 2, 15), D(2027, 2, 3)),
    ("online_reception_notice", "standard", D(2027, 2, 16), D(2027, 2, 2)),
    ("online_reception_link_test", "standard", D(2027, 2, 11), D(2027, 2, 3)),
]


@pytest.mark.parametrize(("step", "condition", "start", "expected"), CASES)
def test_seeded_rule_gives_the_hand_computed_date(step, condition, start, expected):
    rule = rule_in_force(step, start, condition)
    assert rule is not None, f"no rule for {step}/{condition} on {start}"
    assert due_on(rule, start, get_calendar()) == expected


def test_every_seeded_rule_is_checked_by_a_hand_computed_date():
    checked = {(rule_in_force(step, start, condition).pk) for step, condition, start, _ in CASES}
    assert checked == set(TimeLimitRule.objects.values_list("pk", flat=True))


def test_every_seeded_rule_names_its_legal_source():
    assert not TimeLimitRule.objects.filter(source="").exists()
    assert set(TimeLimitRule.objects.values_list("confidence", flat=True)) <= {"V", "S", "K"}


def test_complaint_acceptance_follows_the_law_in_force_on_the_day_of_receipt():
    before, after = (
        rule_in_force("complaint_acceptance", D(2026, 6, 30)),
        rule_in_force("complaint_acceptance", D(2026, 7, 1)),
    )
    assert (before.value, before.day_type) == (10, "calendar_days") and "Luật Khiếu nại" in before.source
    assert (after.value, after.day_type) == (7, "working_days") and "155/2026" in after.source


def test_a_rule_not_yet_in_force_has_no_date():
    assert rule_in_force("reception_refusal_notice", D(2026, 6, 30)) is None


def test_a_swapped_saturday_counts_as_a_working_day():
    # Saturday 22/8/2026 is worked in exchange for Monday 31/8 (Quốc khánh 2026).
    rule = rule_in_force("complaint_acceptance", D(2026, 8, 20))
    assert due_on(rule, D(2026, 8, 20), get_calendar()) == D(2026, 8, 28)


def test_a_start_on_a_non_working_day_counts_the_next_working_day_as_day_one():
    terms = SimpleNamespace(value=1, day_type="working_days", direction="after")
    assert due_on(terms, D(2026, 2, 15), get_calendar()) == D(2026, 2, 23)


def test_a_calendar_limit_ending_on_a_working_day_is_not_moved():
    rule = rule_in_force("denunciation_resolution", D(2026, 3, 2))
    assert due_on(rule, D(2026, 3, 2), get_calendar()) == D(2026, 4, 1)


def test_extensions_add_their_days_from_the_same_start():
    rule = rule_in_force("denunciation_resolution", D(2026, 1, 19), "very_complex")
    calendar = get_calendar()
    assert due_on(rule, D(2026, 1, 19), calendar, extra_days=30) == D(2026, 3, 20)
    assert due_on(rule, D(2026, 1, 19), calendar, extra_days=60) == D(2026, 4, 20)  # Sunday 19/4 -> Monday
