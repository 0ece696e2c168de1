"""What the database itself holds to, whatever writes to it: the constraints of the petitions tables."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ..models import Classification, ReceiverRole, ReceptionKind, ReceptionSession, TimeLimitRule, Visit
from .factories import office

pytestmark = pytest.mark.django_db


def refused(save) -> bool:
    try:
        with transaction.atomic():
            save()
    except IntegrityError:
        return True
    return False


def test_a_periodic_session_is_held_by_the_head():
    o = office()
    session = ReceptionSession(
        agency=o.agency, kind=ReceptionKind.PERIODIC, held_on=dt.date(2026, 3, 10), place="Trụ sở",
        receiver=o.specialist, receiver_role=ReceiverRole.OFFICER, recorded_by=o.specialist,
    )  # fmt: skip
    assert refused(session.save)


def test_a_visit_has_content_and_a_delegation_more_than_one_person():
    o = office()
    session = o.session()
    base = {"session": session, "classification": Classification.COMPLAINT, "outcome": "guided", "recorded_by": o.clerk}
    assert refused(Visit(number=1, content="", **base).save)
    assert refused(Visit(number=1, content="Khiếu nại", is_delegation=True, people_count=1, **base).save)
    Visit(number=1, content="Khiếu nại", **base).save()
    assert refused(Visit(number=1, content="Khiếu nại khác", **base).save)


def test_a_duplicate_names_its_original_and_only_a_duplicate_does():
    o = office()
    first = o.petition()
    first.pk, first.fingerprint, first.classification = None, "x", Classification.DUPLICATE
    assert refused(first.save)
    second = o.petition(content="Nội dung khác")
    second.duplicate_of_id = second.pk
    assert refused(second.save)


def test_a_petition_is_registered_once_per_agency():
    o = office()
    petition = o.petition()
    petition.pk = None
    assert refused(petition.save)


def test_a_petition_without_content_is_refused_by_the_database():
    o = office()
    petition = o.petition()
    petition.pk, petition.content, petition.fingerprint = None, "", "y"
    assert refused(petition.save)


def test_a_rule_states_its_extension_terms_together():
    rule = TimeLimitRule.objects.get(step="denunciation_resolution", condition="complex")
    rule.pk, rule.valid_from, rule.extension_value = None, dt.date(2030, 1, 1), None
    assert refused(rule.save)


def test_a_rule_ends_after_it_starts():
    rule = TimeLimitRule.objects.get(step="denunciation_forward")
    rule.valid_to = rule.valid_from - dt.timedelta(days=1)
    assert refused(rule.save)
