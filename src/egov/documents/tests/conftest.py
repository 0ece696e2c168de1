"""Fixtures of the documents tests: the Department of Industry and Trade with its units and staff."""

import datetime as dt

import pytest
from docx.shared import Mm

from egov.documents.models import DocumentType, Issuer
from egov.organisations.models import Agency, Province, Unit
from egov.organisations.roles import Role
from egov.organisations.services import staff_create
from egov.portal.tests.browser import chromium_browser, run_factory  # noqa: F401 (browser fixtures)

UNITS = [
    ("Văn phòng Sở", "VP"),
    ("Phòng Quản lý công nghiệp", "QLCN"),
    ("Phòng Quản lý thương mại", "QLTM"),
    ("Phòng Kế hoạch - Tài chính - Tổng hợp", "KHTCTH"),
    ("Thanh tra Sở", "TTr"),
    ("Phòng Quản lý năng lượng", "QLNL"),
]


@pytest.fixture
def province(db):
    return Province.objects.create(name="Quảng Ngãi", code="H48")


@pytest.fixture
def agency(province):
    agency = Agency.objects.create(
        province=province,
        name="Sở Công Thương tỉnh Quảng Ngãi",
        short_name="SCT",
        identifier="000.00.53.H48",
        place_name="Quảng Ngãi",
    )
    Issuer.objects.filter(symbol="SCT").update(agency=agency)
    return agency


@pytest.fixture
def other_agency(province):
    agency = Agency.objects.create(
        province=province, name="Sở Nội vụ tỉnh Quảng Ngãi", short_name="SNV", identifier="000.00.54.H48"
    )
    Issuer.objects.filter(symbol="SNV").update(agency=agency)
    return agency


@pytest.fixture
def units(agency):
    return {short: Unit.objects.create(agency=agency, name=name, short_name=short) for name, short in UNITS}


@pytest.fixture
def make_staff(agency):
    counter = {"n": 0}

    def make(role: str, unit=None, email: str = "", username: str | None = None, user_agency=None):
        counter["n"] += 1
        return staff_create(
            username=username or f"{role}{counter['n']}",
            full_name=f"Cán bộ {counter['n']}",
            agency=user_agency or agency,
            unit=unit,
            roles=[role],
            password="mat-khau-thu-nghiem-123",
            email=email,
            must_change_password=False,  # accounts in use, past their first log-in
        )

    return make


@pytest.fixture
def clerk(make_staff, units):
    return make_staff(Role.CLERK, unit=units["VP"])


@pytest.fixture
def leader(make_staff):
    return make_staff(Role.AGENCY_LEADER)


def assert_nd30_page(document) -> None:
    """A4, margins top/bottom 20 mm, left 30 mm, right 15 mm (Word stores twips: allow rounding)."""
    section = document.sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    measured += [section.left_margin, section.right_margin]
    expected = [Mm(210), Mm(297), Mm(20), Mm(20), Mm(30), Mm(15)]
    assert all(abs(m - e) < Mm(0.5) for m, e in zip(measured, expected, strict=True)), measured


def doc_type(name: str) -> DocumentType:
    return DocumentType.objects.get(name=name)


def issuer(symbol: str) -> Issuer:
    return Issuer.objects.get(symbol=symbol)


@pytest.fixture
def register_incoming(agency):
    """Register an incoming document with sensible defaults."""
    from egov.documents.services import incoming_register

    def register(ref: str, *, type_name: str = "Quyết định (cá biệt)", issuer_symbol: str = "UBND", **kwargs):
        kwargs.setdefault("document_date", dt.date(2021, 1, 4))
        kwargs.setdefault("arrived_on", kwargs["document_date"] + dt.timedelta(days=2))
        kwargs.setdefault("summary", f"Văn bản {ref}")
        return incoming_register(
            agency=kwargs.pop("agency", agency),
            user=kwargs.pop("user", None),
            ref=ref,
            issuer=issuer(issuer_symbol),
            document_type=doc_type(type_name),
            **kwargs,
        )

    return register


def reseed_reference_data() -> None:
    """Transactional tests flush the database, data migrations included: put the seed back."""
    import importlib

    from django.apps import apps

    seed = importlib.import_module("egov.documents.migrations.0002_seed_types_and_issuers").seed
    seed(apps, None)
