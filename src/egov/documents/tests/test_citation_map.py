"""The citation graph drawn on the server: nodes for the documents, one arrow per pair with the
strongest relation, links only to registered documents, nothing the CSP would refuse."""

import datetime as dt
import re

from django.urls import reverse

from egov.documents.citation_map import citation_map, citation_map_svg
from egov.documents.models import CitationRelation
from egov.documents.selectors import citation_graph


def test_the_graph_of_a_dispatch_carrying_out_a_plan(register_incoming):
    plan = register_incoming(
        "10-KH/BDVTU-BCSĐUBND", type_name="Kế hoạch", issuer_symbol="BDVTU", document_date=dt.date(2021, 1, 11)
    )
    old = register_incoming("12/QĐ-UBND", document_date=dt.date(2019, 2, 1))
    dispatch = register_incoming(
        "40/SNV-XDCQ",
        type_name="Công văn",
        issuer_symbol="SNV",
        document_date=dt.date(2021, 2, 1),
        body=(
            "Căn cứ Luật Thi đua, khen thưởng năm 2022;\n"
            "Thực hiện Kế hoạch số 10-KH/BDVTU-BCSĐUBND ngày 11/01/2021 (Kế hoạch số 10-KH/BDVTU-BCSĐUBND);\n"
            "Văn bản này thay thế Quyết định số 12/QĐ-UBND ngày 01/02/2019.\nTheo Chỉ thị số 05-CT/TW."
        ),
    )
    reply = register_incoming(
        "41/UBND-KT",
        type_name="Công văn",
        document_date=dt.date(2021, 2, 5),
        body="Theo Công văn số 40/SNV-XDCQ ngày 01/02/2021 của Sở Nội vụ.",
    )
    drawn = citation_map(document=dispatch, graph=citation_graph(document=dispatch))
    assert [n.title for n in drawn.left] == ["Công văn 41/UBND-KT"]
    assert [n.title for n in drawn.right] == [
        "Luật Thi đua, khen thưởng năm 2022",
        "Kế hoạch 10-KH/BDVTU-BCSĐUBND",
        "Quyết định 12/QĐ-UBND",
        "Chỉ thị 05-CT/TW",
    ]
    # The plan is mentioned twice: one arrow.
    assert sorted((e.target, e.relation) for e in drawn.edges if e.source == drawn.centre.key) == sorted(
        [
            ("ref-Luật Thi đua, khen thưởng", CitationRelation.CITES),
            (f"doc-{plan.pk}", CitationRelation.IMPLEMENTS),
            (f"doc-{old.pk}", CitationRelation.REPLACES),
            ("ref-05-CT/TW", CitationRelation.CITES),
        ]
    )
    svg = str(citation_map_svg(drawn))
    links = re.findall(r'<a class="node" href="([^"]+)" aria-label="([^"]+)"', svg)
    assert links == [
        (reverse("documents:detail", args=[reply.pk]), "Công văn 41/UBND-KT, ngày 05/02/2021, dẫn chiếu văn bản này"),
        (
            reverse("documents:detail", args=[plan.pk]),
            "Kế hoạch 10-KH/BDVTU-BCSĐUBND, ngày 11/01/2021, văn bản này thực hiện",
        ),
        (reverse("documents:detail", args=[old.pk]), "Quyết định 12/QĐ-UBND, ngày 01/02/2019, văn bản này thay thế"),
    ]
    assert 'aria-label="Chỉ thị 05-CT/TW, (chưa có trong sổ), văn bản này dẫn chiếu"' in svg  # not a link
    assert "<script" not in svg and "style=" not in svg and "http://" not in svg.replace("http://www.w3.org", "")


def test_no_graph_without_citations(register_incoming):
    alone = register_incoming("1/QĐ-UBND", body="Không dẫn chiếu văn bản nào.")
    assert str(citation_map_svg(citation_map(document=alone, graph=citation_graph(document=alone)))) == ""
