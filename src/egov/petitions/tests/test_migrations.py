"""The data migration that numbers petitions stored before the register existed."""

import importlib

import pytest
from django.apps import apps
from django.db.models import F

from egov.core.models import RegisterCounter

from ..models import Petition
from ..numbering import PETITION_NUMBERS
from .factories import local, office

pytestmark = pytest.mark.django_db

numbering_migration = importlib.import_module("egov.petitions.migrations.0005_petition_number")


def test_stored_petitions_are_numbered_by_receipt_and_the_register_continues_after_them():
    o, other = office(), office()
    second = o.petition(content="Nhận sau", received_at=local(2026, 3, 2, 9, 0))
    first = o.petition(content="Nhận trước", received_at=local(2026, 3, 1, 9, 0))
    old = o.petition(content="Năm trước", received_at=local(2025, 6, 1, 9, 0))
    elsewhere = other.petition()
    # As they stood before the migration (the unique constraint comes after it: distinct values here).
    Petition.objects.update(number=F("pk") + 1000, number_year=0)
    RegisterCounter.objects.filter(register=PETITION_NUMBERS.key).delete()

    numbering_migration.number_existing(apps, None)

    numbered = {p.pk: (p.number, p.number_year) for p in Petition.objects.all()}
    assert numbered == {first.pk: (1, 2026), second.pk: (2, 2026), old.pk: (1, 2025), elsewhere.pk: (1, 2026)}
    assert PETITION_NUMBERS.key == numbering_migration.REGISTER
    assert o.petition(content="Đơn mới").number == 3
