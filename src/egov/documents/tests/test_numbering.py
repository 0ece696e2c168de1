"""Gap-free numbering: per series, per year, shared or per type, normative always per type."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from egov.core.models import RegisterCounter
from egov.documents.models import Direction, Document, NumberingSeries
from egov.documents.numbering import DOCUMENT_NUMBERS, format_number, next_number, number_key, series_for
from egov.documents.services import outgoing_draft_create, outgoing_issue

from .conftest import doc_type, reseed_reference_data


def draft(agency, units, type_name="Công văn", **kwargs):
    return outgoing_draft_create(
        agency=agency,
        user=None,
        document_type=doc_type(type_name),
        summary=kwargs.pop("summary", "V/v triển khai kế hoạch"),
        body=kwargs.pop("body", "Thực hiện nhiệm vụ được giao."),
        drafting_unit=units["VP"],
        signer_title="GIÁM ĐỐC",
        signer_name="Võ Văn Rân",
        **kwargs,
    )


def test_number_helpers():
    assert format_number(5) == "05"
    assert format_number(327) == "327"
    assert number_key("05") == "5"
    assert number_key("38A") == "38a"
    assert number_key("0") == "0"
    # The register's pair: a number as written reads back as the same key.
    assert all(DOCUMENT_NUMBERS.parse(DOCUMENT_NUMBERS.format(n)) == str(n) for n in (1, 9, 10, 327))


@pytest.mark.django_db(transaction=True)
def test_next_number_refuses_outside_a_transaction(agency):
    series = series_for(agency=agency, direction=Direction.INCOMING, document_type=None)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        next_number(series=series, year=2021)


def test_shared_series_across_administrative_types_and_restart_each_year(agency, units):
    a = outgoing_issue(document=draft(agency, units, "Công văn"), user=None, issued_on=dt.date(2021, 3, 3))
    b = outgoing_issue(document=draft(agency, units, "Kế hoạch"), user=None, issued_on=dt.date(2021, 3, 4))
    c = outgoing_issue(document=draft(agency, units, "Báo cáo"), user=None, issued_on=dt.date(2021, 12, 31))
    d = outgoing_issue(document=draft(agency, units, "Công văn"), user=None, issued_on=dt.date(2022, 1, 1))
    assert [a.ref, b.ref, c.ref] == ["01/SCT-VP", "02/KH-SCT", "03/BC-SCT"]
    assert d.ref == "01/SCT-VP" and d.year == 2022
    assert NumberingSeries.objects.filter(agency=agency, direction=Direction.OUTGOING).count() == 1


def test_per_type_series_when_configured(agency, units):
    NumberingSeries.objects.create(
        agency=agency, direction=Direction.OUTGOING, document_type=doc_type("Quyết định (cá biệt)"), name="Quyết định"
    )
    q1 = outgoing_issue(document=draft(agency, units, "Quyết định (cá biệt)"), user=None, issued_on=dt.date(2021, 5, 1))
    cv = outgoing_issue(document=draft(agency, units, "Công văn"), user=None, issued_on=dt.date(2021, 5, 1))
    q2 = outgoing_issue(document=draft(agency, units, "Quyết định (cá biệt)"), user=None, issued_on=dt.date(2021, 5, 2))
    assert [q1.ref, cv.ref, q2.ref] == ["01/QĐ-SCT", "01/SCT-VP", "02/QĐ-SCT"]


def test_normative_types_always_have_their_own_series_with_the_year(agency, units):
    cv = outgoing_issue(document=draft(agency, units, "Công văn"), user=None, issued_on=dt.date(2021, 5, 1))
    qd = outgoing_issue(
        document=draft(agency, units, "Quyết định (quy phạm pháp luật)"), user=None, issued_on=dt.date(2021, 5, 1)
    )
    assert cv.ref == "01/SCT-VP"
    assert qd.ref == "01/2021/QĐ-SCT" and qd.number_year == 2021
    assert qd.numbering_series.document_type.is_normative


def test_draft_has_no_number_until_issued(agency, units):
    document = draft(agency, units)
    assert document.status == Document.Status.DRAFT and document.number == "" and document.ref == ""
    assert not RegisterCounter.objects.exists()
    issued = outgoing_issue(document=document, user=None, issued_on=dt.date(2021, 3, 3))
    assert issued.number == "01"
    with pytest.raises(ValidationError, match="Chỉ dự thảo"):
        outgoing_issue(document=issued, user=None)


def test_failed_issue_gives_its_number_back(agency, units, monkeypatch):
    from egov.documents import drafting

    document = draft(agency, units)

    def broken(document):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(drafting, "render_outgoing_docx", broken)
    with pytest.raises(RuntimeError):
        outgoing_issue(document=document, user=None, issued_on=dt.date(2021, 3, 3))
    monkeypatch.undo()
    issued = outgoing_issue(document=document, user=None, issued_on=dt.date(2021, 3, 3))
    assert issued.number == "01"


def test_incoming_arrival_numbers_per_year(register_incoming):
    first = register_incoming("1/QĐ-UBND", arrived_on=dt.date(2021, 12, 30), document_date=dt.date(2021, 12, 29))
    second = register_incoming("2/QĐ-UBND", arrived_on=dt.date(2021, 12, 31), document_date=dt.date(2021, 12, 29))
    third = register_incoming("3/QĐ-UBND", arrived_on=dt.date(2022, 1, 3), document_date=dt.date(2021, 12, 30))
    assert [(d.arrival_number, d.arrival_year) for d in (first, second, third)] == [(1, 2021), (2, 2021), (1, 2022)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_is_unique_and_consecutive(province):
    """Thirty-two drafts issued from eight threads at once: numbers 01..32, no gap, no duplicate."""
    from egov.documents.models import Issuer
    from egov.organisations.models import Agency, Unit

    reseed_reference_data()
    agency = Agency.objects.create(
        province=province, name="Sở Công Thương", short_name="SCT", identifier="000.00.53.H48"
    )
    Issuer.objects.filter(symbol="SCT").update(agency=agency)
    unit = Unit.objects.create(agency=agency, name="Văn phòng Sở", short_name="VP")
    drafts = [
        outgoing_draft_create(
            agency=agency,
            user=None,
            document_type=doc_type("Công văn" if i % 2 else "Kế hoạch"),
            summary=f"Văn bản {i}",
            body="Nội dung.",
            drafting_unit=unit,
            signer_title="GIÁM ĐỐC",
            signer_name="Võ Văn Rân",
        )
        for i in range(32)
    ]
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def worker(chunk):
        try:
            barrier.wait()
            for document in chunk:
                outgoing_issue(document=document, user=None, issued_on=dt.date(2021, 6, 1))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(drafts[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        int(n)
        for n in Document.objects.filter(agency=agency, direction=Direction.OUTGOING).values_list("number", flat=True)
    )
    assert numbers == list(range(1, 33))
    [series] = NumberingSeries.objects.filter(agency=agency, direction=Direction.OUTGOING)
    assert DOCUMENT_NUMBERS.periods_of(series.pk) == {dt.date(2021, 1, 1): 32}
