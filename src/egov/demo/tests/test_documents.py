"""Demo data of the registers: the department can draft at once, and the plan of dispatch 003 is registered."""

from egov.demo.documents import ensure_demo_documents, ensure_own_issuer
from egov.documents.models import Document, Issuer


def test_demo_links_the_issuer_and_registers_the_cited_plan(agency, units):
    Issuer.objects.filter(agency=agency).update(agency=None)
    assert ensure_demo_documents(agency=agency) == 2
    assert Issuer.objects.get(agency=agency).symbol == "SCT"
    assert set(Document.objects.values_list("ref", flat=True)) == {"10-KH/BDVTU-BCSĐUBND", "08-TB/VPTU"}
    assert ensure_demo_documents(agency=agency) == 0  # idempotent
    assert Document.objects.count() == 2


def test_own_issuer_is_created_when_the_symbol_is_unknown(province):
    from egov.organisations.models import Agency

    agency = Agency.objects.create(
        province=province, name="Sở Xây dựng tỉnh Quảng Ngãi", short_name="SXD", identifier="000.00.56.H48"
    )
    issuer = ensure_own_issuer(agency)
    assert (issuer.symbol, issuer.agency) == ("SXD", agency)
    assert ensure_own_issuer(agency) == issuer
