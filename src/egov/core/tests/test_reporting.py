"""A section (core/reporting.py) turns figures computed once into its part: text, then table."""

from egov.core.reporting import Part, ReportScope, Section, Table


def test_a_part_is_written_from_the_figures_given():
    calls = []

    def figures(period, scope):
        calls.append((period, scope))
        return {"count": 3}

    section = Section(
        "x.count",
        "Đếm",
        figures=figures,
        paragraphs=lambda f: [f"Có {f['count']} việc."],
        table=lambda f: Table(["Số"], [[str(f["count"])]], [2.0]),
    )
    scope = ReportScope(agency="SCT")
    assert section.compose("2021H1", scope) == Part("x.count", "Đếm", ["Có 3 việc."], Table(["Số"], [["3"]], [2.0]))
    assert calls == [("2021H1", scope)]
    assert section.part({"count": 4}).paragraphs == ["Có 4 việc."] and calls == [("2021H1", scope)]


def test_a_section_without_a_table():
    section = Section("x.text", "Chữ", figures=lambda period, scope: None, paragraphs=lambda f: ["Chỉ có chữ."])
    assert section.part(None).table is None
