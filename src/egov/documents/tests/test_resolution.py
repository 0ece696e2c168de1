"""The citation graph: resolving mentions, cites / cited-by, unresolved, re-resolution, replaces."""

import datetime as dt

import pytest

from egov.documents.models import Citation, CitationRelation
from egov.documents.resolution import parse_ref, relation_of, replacements
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
        ("Thực hiện Quyết định số 12/QĐ-UBND ngày 01/02/2019 của UBND tỉnh.", "implements"),
        ("Để triển khai Quyết định số 12/QĐ-UBND, Sở xây dựng kế hoạch.", "implements"),
        ("Thực hiện theo Quyết định số 12/QĐ-UBND.", "cites"),
        ("Nội dung đã được thực hiện. Căn cứ Quyết định số 12/QĐ-UBND.", "cites"),
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
    assert [r.replaced for r in graph.replaces] == [old]
    assert [r.replacer for r in citation_graph(document=old).replaced_by] == [new]
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The citing document itself replaces.
        ("Quyết định này thay thế Quyết định số 11/QĐ-UBND và Quyết định số 12/QĐ-UBND.", {0: None, 1: None}),
        # A report says another document replaced one: the replacer is the one named before the verb.
        ("UBND tỉnh ban hành Quyết định số 15/2021/QĐ-UBND, thay thế Quyết định số 20/2013/QĐ-UBND.", {1: 0}),
        ("Quyết định số 09/QĐ-SCT kiện toàn Ban Chỉ đạo (thay thế Quyết định số 202/QĐ-SCT);", {1: 0}),
        # Passive: "A được thay thế bằng B" is B replacing A.
        ("Quyết định số 9/QĐ-UBND đã được thay thế bằng Quyết định số 12/QĐ-UBND.", {0: 1}),
        # "này" after an earlier mention: still the citing document.
        ("Căn cứ Nghị định số 30/2020/NĐ-CP, Quyết định này thay thế Quyết định số 12/QĐ-UBND.", {1: None}),
        # Other verbs, other sentences: no replacement.
        ("Quyết định số 5/QĐ-UBND bãi bỏ Quyết định số 12/QĐ-UBND.", {}),
        ("Nội dung thay thế đã nêu. Theo Quyết định số 12/QĐ-UBND.", {}),
    ],
)
def test_replacements_name_the_replacer(text, expected):
    from egov.documents.citations import extract_citations

    assert replacements(text, [c.start for c in extract_citations(text)]) == expected


def test_replacement_stated_by_a_report_links_the_two_documents(register_incoming):
    old = register_incoming("20/2013/QĐ-UBND", document_date=dt.date(2013, 5, 7), arrived_on=dt.date(2013, 5, 9))
    new = register_incoming("15/2021/QĐ-UBND", document_date=dt.date(2021, 4, 5), arrived_on=dt.date(2021, 4, 7))
    report = register_incoming(
        "88/BC-UBND",
        type_name="Báo cáo",
        document_date=dt.date(2021, 6, 1),
        body="UBND tỉnh đã ban hành Quyết định số 15/2021/QĐ-UBND ngày 05/4/2021, thay thế Quyết định số "
        "20/2013/QĐ-UBND ngày 07/5/2013.",
    )
    # The report does not replace anything itself ...
    assert citation_graph(document=report).replaces == []
    stated = citation_graph(document=report).stated
    assert [(r.replacer, r.replaced) for r in stated] == [(new, old)]
    # ... and the two documents show the edge, with the report as its source.
    assert [(r.replaced, r.source) for r in citation_graph(document=new).replaces] == [(old, report)]
    assert [(r.replacer, r.source) for r in citation_graph(document=old).replaced_by] == [(new, report)]


def test_replacement_edges_are_shown_on_the_pages(client, register_incoming, clerk):
    from django.urls import reverse

    old = register_incoming("20/2013/QĐ-UBND", document_date=dt.date(2013, 5, 7), arrived_on=dt.date(2013, 5, 9))
    register_incoming(
        "88/BC-UBND",
        type_name="Báo cáo",
        document_date=dt.date(2021, 6, 1),
        body="Quyết định số 15/2021/QĐ-UBND ngày 05/4/2021 thay thế Quyết định số 20/2013/QĐ-UBND.",
    )
    client.force_login(clerk)
    page = client.get(reverse("documents:detail", args=[old.pk])).content.decode()
    assert "Bị thay thế bởi 15/2021/QĐ-UBND (chưa có trong sổ)" in " ".join(page.split())
    assert "theo <a" in page


def test_a_plan_carried_out_and_a_law_named_without_number(register_incoming, clerk):
    """ "Thực hiện Kế hoạch số 10..." is an implementation; "Luật Thi đua, khen thưởng" is a mention
    of a law by name (no number to register it by: not on the unresolved list)."""
    plan = register_incoming(
        "10-KH/BDVTU-BCSĐUBND", type_name="Kế hoạch", issuer_symbol="BDVTU", document_date=dt.date(2021, 1, 11)
    )
    citing = register_incoming(
        "40/SNV-XDCQ",
        type_name="Công văn",
        issuer_symbol="SNV",
        document_date=dt.date(2021, 2, 1),
        body=(
            "Căn cứ Luật Thi đua, khen thưởng năm 2022;\n"
            "Thực hiện Kế hoạch số 10-KH/BDVTU-BCSĐUBND ngày 11/01/2021, Sở Nội vụ đề nghị các cơ quan ..."
        ),
    )
    cites = {c.ref: c for c in citation_graph(document=citing).cites}
    assert cites["10-KH/BDVTU-BCSĐUBND"].relation == CitationRelation.IMPLEMENTS
    assert cites["10-KH/BDVTU-BCSĐUBND"].target == plan
    law = cites["Luật Thi đua, khen thưởng"]
    assert (law.kind, law.type_word, law.year, law.target, law.relation) == (
        "law_name",
        "Luật",
        2022,
        None,
        CitationRelation.CITES,
    )
    assert [c.relation for c in citation_graph(document=plan).cited_by] == [CitationRelation.IMPLEMENTS]
    assert unresolved_citations(user=clerk) == []
