"""The citation graph: resolving mentions, cites / cited-by, unresolved, re-resolution, replaces."""

import datetime as dt

import pytest

from egov.documents.models import Citation, CitationRelation
from egov.documents.resolution import parse_ref, relation_of
from egov.documents.selectors import citation_graph, unresolved_citations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quyết định này thay thế Quyết định số 12/QĐ-UBND ngày 01/02/2019.", "replaces"),
        ("Thay thế Quyết định số 12/QĐ-UBND ngày 01/02/2019 của UBND tỉnh.", "replaces"),
        ("Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 12/QĐ-UBND.", "replaces"),
        ("Bãi bỏ Quyết định số 12/QĐ-UBND ngày 01/02/2019.", "cites"),
        ("Quyết định này thay thế Quyết định số 11/QĐ-UBND và bãi bỏ Quyết định số 12/QĐ-UBND.", "cites"),
        ("Căn cứ Quyết định số 12/QĐ-UBND ngày 01/02/2019.", "cites"),
        ("Quyết định số 9/QĐ-UBND đã được thay thế bằng Quyết định số 12/QĐ-UBND.", "cites"),
        ("Nội dung thay thế đã nêu. Theo Quyết định số 12/QĐ-UBND.", "cites"),
    ],
)
def test_relation_of_the_last_mention(text, expected):
    start = text.rindex("12/QĐ")
    assert relation_of(text, start) == expected


def test_both_mentions_after_thay_the_are_replacements():
    text = "Quyết định này thay thế Quyết định số 11/QĐ-UBND và Quyết định số 12/QĐ-UBND."
    assert relation_of(text, text.index("11/")) == relation_of(text, text.index("12/")) == "replaces"


def test_parse_ref():
    assert parse_ref(" 2121/QĐ-UBND ").ref == "2121/QĐ-UBND"
    assert parse_ref("Quyết định số 2121/QĐ-UBND") is None
    assert parse_ref("") is None


def test_citations_are_linked_both_ways(register_incoming):
    plan = register_incoming(
        "10 – KH/BDVTU-BCSĐUBND",
        type_name="Kế hoạch",
        issuer_symbol="BDVTU",
        document_date=dt.date(2021, 1, 11),
        arrived_on=dt.date(2021, 1, 13),
    )
    citing = register_incoming(
        "40/SNV-XDCQ",
        type_name="Công văn",
        issuer_symbol="SNV",
        document_date=dt.date(2021, 2, 1),
        arrived_on=dt.date(2021, 2, 2),
        body="Thực hiện Kế hoạch số 10 – KH/BDVTU-BCSĐUBND ngày 11/01/2021 và Chỉ thị số 05-CT/TW của Bộ Chính trị.",
    )
    graph = citation_graph(document=citing)
    assert [(c.ref, c.target_id) for c in graph.cites] == [("10-KH/BDVTU-BCSĐUBND", plan.pk), ("05-CT/TW", None)]
    assert [c.citing_id for c in citation_graph(document=plan).cited_by] == [citing.pk]


def test_resolution_uses_year_or_date_and_refuses_to_guess(register_incoming):
    old = register_incoming("12/QĐ-UBND", document_date=dt.date(2019, 2, 1), arrived_on=dt.date(2019, 2, 2))
    new = register_incoming("12/QĐ-UBND", document_date=dt.date(2020, 3, 1), arrived_on=dt.date(2020, 3, 2))
    citing = register_incoming(
        "50/SNV-VP",
        type_name="Công văn",
        issuer_symbol="SNV",
        document_date=dt.date(2021, 1, 4),
        body=(
            "Theo Quyết định số 12/QĐ-UBND ngày 01/02/2019; Quyết định số 12/QĐ-UBND ngày 01/3/2020; "
            "Quyết định số 12/QĐ-UBND (không ghi ngày); Quyết định số 12/QĐ-UBND ngày 05/5/2018."
        ),
    )
    targets = [c.target_id for c in citing.citations_out.order_by("start")]
    assert targets == [old.pk, new.pk, None, None]


def test_undated_mention_resolves_to_the_single_earlier_candidate(register_incoming):
    target = register_incoming(
        "1533/KKTN", type_name="Công văn", issuer_symbol="KKTN", document_date=dt.date(2021, 1, 5)
    )
    # The same number in a later year cannot be what an earlier document cites.
    register_incoming("1533/KKTN", type_name="Công văn", issuer_symbol="KKTN", document_date=dt.date(2022, 1, 5))
    citing = register_incoming(
        "51/SNV-VP",
        type_name="Công văn",
        issuer_symbol="SNV",
        document_date=dt.date(2021, 3, 1),
        body="Thực hiện Công văn số 1533/KKTN của Ban Quản lý.",
    )
    assert citing.citations_out.get().target_id == target.pk


def test_unresolved_list_and_re_resolution_after_registering(register_incoming, clerk):
    first = register_incoming(
        "52/SNV-VP",
        type_name="Công văn",
        issuer_symbol="SNV",
        body="Thực hiện Quyết định số 2121/QĐ-UBND ngày 31/12/2020 của UBND tỉnh.",
        document_date=dt.date(2021, 1, 4),
    )
    register_incoming(
        "53/SNV-VP",
        type_name="Công văn",
        issuer_symbol="SNV",
        body="Theo Quyết định số 2121/QĐ-UBND ngày 31/12/2020; Quyết định số 2121/QĐ-UBND ngày 31/12/2020.",
        document_date=dt.date(2021, 1, 5),
    )
    groups = unresolved_citations(user=clerk)
    assert groups[0]["ref"] == "2121/QĐ-UBND" and groups[0]["mentions"] == 3 and groups[0]["documents"] == 2
    target = register_incoming("2121/QĐ-UBND", document_date=dt.date(2020, 12, 31), arrived_on=dt.date(2021, 1, 6))
    assert Citation.objects.filter(target=target).count() == 3
    assert unresolved_citations(user=clerk) == []
    assert citation_graph(document=target).cited_by[0].citing_id in {first.pk, first.pk + 1}


def test_replacement_is_recorded_and_shown(register_incoming):
    old = register_incoming("12/QĐ-UBND", document_date=dt.date(2019, 2, 1), arrived_on=dt.date(2019, 2, 2))
    repealed = register_incoming("13/QĐ-UBND", document_date=dt.date(2019, 2, 1), arrived_on=dt.date(2019, 2, 2))
    new = register_incoming(
        "30/QĐ-UBND",
        document_date=dt.date(2021, 1, 4),
        body=(
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký, thay thế Quyết định số 12/QĐ-UBND ngày 01/02/2019 "
            "và bãi bỏ Quyết định số 13/QĐ-UBND ngày 01/02/2019 của UBND tỉnh."
        ),
    )
    graph = citation_graph(document=new)
    assert [c.target_id for c in graph.replaces] == [old.pk]
    assert [c.citing_id for c in citation_graph(document=old).replaced_by] == [new.pk]
    assert citation_graph(document=repealed).replaced_by == []
    assert new.citations_out.get(target=repealed).relation == CitationRelation.CITES


def test_citations_stay_inside_the_agency(register_incoming, other_agency):
    register_incoming("2121/QĐ-UBND", document_date=dt.date(2020, 12, 31), arrived_on=dt.date(2021, 1, 6))
    citing = register_incoming(
        "54/SNV-VP",
        agency=other_agency,
        type_name="Công văn",
        issuer_symbol="SNV",
        body="Thực hiện Quyết định số 2121/QĐ-UBND ngày 31/12/2020.",
    )
    assert citing.citations_out.get().target_id is None
