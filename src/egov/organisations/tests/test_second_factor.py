"""The second factor: who must use it, enrolment, recovery codes (docs/decisions/0026)."""

import time

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.core.secrets import secret_digest
from egov.organisations.models import RecoveryCode
from egov.organisations.roles import Role
from egov.organisations.second_factor import (
    recovery_codes_left,
    second_factor_enrolled,
    second_factor_required,
    totp_enrolment_confirm,
    totp_enrolment_start,
    verification_wait_seconds,
    verify_second_factor,
)

from .factories import StaffFactory, UserFactory, enrolled_device, totp_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "required"),
    [
        (Role.AGENCY_LEADER, True),  # signs results (dossiers.sign_dossier)
        (Role.UNIT_HEAD, True),  # approves them (APPROVE needs dossiers.assign_dossier)
        (Role.ADMINISTRATOR, True),  # manages accounts
        (Role.SPECIALIST, False),
        (Role.RECEIVING_OFFICER, False),
        (Role.CLERK, False),
    ],
)
def test_roles_that_sign_approve_or_administer_must_use_the_second_factor(role, required):
    assert second_factor_required(StaffFactory(roles=[role])) is required


def test_the_administration_site_needs_the_second_factor_whatever_the_role():
    assert second_factor_required(StaffFactory(roles=[Role.SPECIALIST], is_staff=True))
    assert second_factor_required(UserFactory(is_superuser=True))
    assert not second_factor_required(UserFactory())


def test_enrolment_is_confirmed_only_by_a_code_of_the_new_secret():
    user = StaffFactory(roles=[Role.AGENCY_LEADER])
    device = totp_enrolment_start(user=user)
    assert not second_factor_enrolled(user)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
    assert totp_enrolment_confirm(user=user, device=device, token=wrong) is None
    assert not second_factor_enrolled(user)
    time.sleep(1.1)  # a wrong code makes the next try wait a second (throttling)
    codes = totp_enrolment_confirm(user=user, device=device, token=totp_code(device))
    assert second_factor_enrolled(user)
    assert len(codes) == 10 and len(set(codes)) == 10


def test_a_new_authenticator_replaces_the_old_one():
    user = StaffFactory(roles=[Role.AGENCY_LEADER])
    old = enrolled_device(user)
    new = totp_enrolment_start(user=user)
    totp_enrolment_confirm(user=user, device=new, token=totp_code(new))
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_recovery_codes_are_stored_as_digests_and_each_works_once():
    user = StaffFactory(roles=[Role.AGENCY_LEADER])
    device = totp_enrolment_start(user=user)
    codes = totp_enrolment_confirm(user=user, device=device, token=totp_code(device))
    stored = set(RecoveryCode.objects.filter(device__user=user).values_list("digest", flat=True))
    assert not {code.replace("-", "") for code in codes} & stored
    assert secret_digest(codes[0].replace("-", "")) in stored
    assert verify_second_factor(user=user, token=codes[0].lower()) is not None  # typed in lower case
    assert recovery_codes_left(user) == 9
    assert verify_second_factor(user=user, token=codes[0]) is None  # used up


def test_a_totp_code_is_accepted_once():
    user = StaffFactory(roles=[Role.AGENCY_LEADER])
    device = enrolled_device(user)
    code = totp_code(device)
    assert verify_second_factor(user=user, token=code) is not None
    assert verify_second_factor(user=user, token=code) is None  # replayed within its 30 seconds


def test_wrong_codes_make_the_next_try_wait():
    user = StaffFactory(roles=[Role.AGENCY_LEADER])
    device = enrolled_device(user)
    assert verification_wait_seconds(user) == 0
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
    for _ in range(3):
        verify_second_factor(user=user, token=wrong)
    assert verification_wait_seconds(user) > 0
    # While the wait lasts even the right code is refused.
    assert verify_second_factor(user=user, token=totp_code(device, at=time.time() + 30)) is None
