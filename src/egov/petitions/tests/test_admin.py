"""The time-limit rules are edited in the admin by the administrator only, with the service's rules:
a changed law is a new row, periods of one step do not overlap, a rule that computed deadlines keeps
its figures."""

import datetime as dt

import pytest
from django.urls import reverse

from egov.organisations.roles import Role
from egov.organisations.tests.factories import StaffFactory, verify_second_factor_in_session

from ..models import TimeLimitRule
from .factories import office

pytestmark = pytest.mark.django_db


def staff_client(client, role):
    user = StaffFactory(roles=[role], is_staff=True)
    client.force_login(user)
    verify_second_factor_in_session(client, user)
    return client


def form_data(rule: TimeLimitRule, **changes) -> dict:
    data = {
        "step": rule.step,
        "condition": rule.condition,
        "value": rule.value,
        "day_type": rule.day_type,
        "direction": rule.direction,
        "start_event": rule.start_event,
        "max_extensions": rule.max_extensions,
        "extension_value": rule.extension_value or "",
        "source": rule.source,
        "confidence": rule.confidence,
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else "",
        "note": rule.note,
    }
    return data | changes


def processing_rule() -> TimeLimitRule:
    return TimeLimitRule.objects.get(step="petition_processing")


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.AGENCY_LEADER, Role.CLERK])
def test_other_roles_cannot_change_the_rules(client, role):
    staff_client(client, role)
    rule = processing_rule()
    page = client.post(reverse("admin:petitions_timelimitrule_change", args=[rule.pk]), form_data(rule, value=15))
    assert page.status_code == 403
    assert (
        client.post(reverse("admin:petitions_timelimitrule_add"), form_data(rule, valid_from="2030-01-01")).status_code
        == 403
    )
    rule.refresh_from_db()
    assert rule.value == 10 and TimeLimitRule.objects.filter(step="petition_processing").count() == 1


def test_the_administrator_closes_a_rule_and_adds_the_new_version(client):
    staff_client(client, Role.ADMINISTRATOR)
    rule = processing_rule()
    assert client.get(reverse("admin:petitions_timelimitrule_changelist")).status_code == 200
    closed = client.post(
        reverse("admin:petitions_timelimitrule_change", args=[rule.pk]), form_data(rule, valid_to="2027-06-30")
    )
    assert closed.status_code == 302
    added = client.post(
        reverse("admin:petitions_timelimitrule_add"),
        form_data(rule, value=7, valid_from="2027-07-01", valid_to="", source="Thông tư mới (giả định)"),
    )
    assert added.status_code == 302
    assert TimeLimitRule.objects.filter(step="petition_processing").count() == 2
    assert client.get(reverse("admin:petitions_timelimitrule_delete", args=[rule.pk])).status_code == 403


def test_overlapping_periods_are_refused_with_the_clashing_rule(client):
    staff_client(client, Role.ADMINISTRATOR)
    rule = processing_rule()
    page = client.post(reverse("admin:petitions_timelimitrule_add"), form_data(rule, valid_from="2027-01-01"))
    assert page.status_code == 200
    assert "Trùng thời gian áp dụng với quy định 10 ngày làm việc (16/11/2021 – nay, Thông tư 05/2021/TT-TTCP)." in (
        page.content.decode()
    )
    assert TimeLimitRule.objects.filter(step="petition_processing").count() == 1


def test_a_rule_that_computed_deadlines_keeps_its_figures(client):
    o = office()
    o.petition()
    staff_client(client, Role.ADMINISTRATOR)
    rule = processing_rule()
    page = client.post(reverse("admin:petitions_timelimitrule_change", args=[rule.pk]), form_data(rule, value=15))
    assert "Quy định này đã được dùng để tính hạn; không sửa nội dung thời hạn." in page.content.decode()
    page = client.post(
        reverse("admin:petitions_timelimitrule_change", args=[rule.pk]), form_data(rule, valid_to="2026-01-31")
    )
    assert "không còn bao gồm các hạn đã tính theo quy định này" in page.content.decode()
    rule.refresh_from_db()
    assert (rule.value, rule.valid_to) == (10, None)
    # Closing it after its last use is fine.
    page = client.post(
        reverse("admin:petitions_timelimitrule_change", args=[rule.pk]), form_data(rule, valid_to="2026-12-31")
    )
    assert page.status_code == 302
    rule.refresh_from_db()
    assert rule.valid_to == dt.date(2026, 12, 31)


def test_extension_terms_go_together(client):
    staff_client(client, Role.ADMINISTRATOR)
    rule = processing_rule()
    page = client.post(
        reverse("admin:petitions_timelimitrule_change", args=[rule.pk]), form_data(rule, max_extensions=1)
    )
    assert "Cần ghi số ngày tối đa của mỗi lần gia hạn." in page.content.decode()
