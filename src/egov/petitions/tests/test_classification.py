"""The classification rules of law-2026.md §1.3, read as the module's docstring states them."""

import pytest

from ..classification import Eligibility, classification_errors, defects, forward_refusal, routes
from ..models import Competence, Handling


def test_several_contents_name_two_different_kinds():
    assert classification_errors("mixed", ["complaint"]) == {
        "mixed_kinds": "Đơn có nhiều nội dung cần ghi ít nhất hai loại nội dung khác nhau."
    }
    assert classification_errors("mixed", ["complaint", "complaint"])
    assert classification_errors("mixed", ["complaint", "denunciation"]) == {}
    assert classification_errors("complaint", ["complaint", "denunciation"])


def test_a_duplicate_names_the_earlier_petition():
    assert "duplicate_of" in classification_errors("duplicate")
    assert classification_errors("duplicate", has_original=True) == {}
    assert "duplicate_of" in classification_errors("complaint", has_original=True)
    assert "classification" in classification_errors("duplicate", has_original=True, duplicates_allowed=False)
    assert "classification" in classification_errors("")


def test_defects_by_kind():
    assert defects("recommendation", Eligibility(), anonymous=False) == []
    assert defects("complaint", Eligibility(within_time_bar=False, finally_decided=True), anonymous=False) == [
        "Khiếu nại đã hết thời hiệu.",
        "Việc khiếu nại đã có quyết định giải quyết có hiệu lực pháp luật.",
    ]
    assert defects("denunciation", Eligibility(identity_verifiable=False), anonymous=False) == [
        "Không xác định được danh tính người tố cáo."
    ]
    # An anonymous petition has no name or signature to check.
    assert defects("recommendation", Eligibility(named=False, signed=False), anonymous=True) == []
    assert len(defects("recommendation", Eligibility(named=False, signed=False), anonymous=False)) == 2


@pytest.mark.parametrize(
    ("kind", "competence", "expected"),
    [
        ("complaint", Competence.OWN, {Handling.ACCEPT}),
        ("denunciation", Competence.OWN, {Handling.ACCEPT}),
        ("recommendation", Competence.OWN, {Handling.ANSWER}),
        ("complaint", Competence.LOWER_UNRESOLVED, {Handling.URGE}),
        ("complaint", Competence.OUTSIDE, {Handling.FORWARD, Handling.GUIDE_RETURN}),
        ("recommendation", Competence.OUTSIDE, {Handling.FORWARD, Handling.GUIDE_RETURN}),
        ("denunciation", Competence.OUTSIDE, {Handling.FORWARD}),
        ("mixed", Competence.OWN, {Handling.GUIDE_RETURN}),
    ],
)
def test_routes_by_kind_and_competence(kind, competence, expected):
    assert routes(kind, competence=competence) == expected


def test_nothing_new_is_filed_whatever_else_holds():
    assert routes("complaint", competence=Competence.OWN, nothing_new=True) == {Handling.FILE}


def test_an_anonymous_denunciation_is_never_accepted_as_one():
    assert routes("denunciation", competence=Competence.OWN, anonymous=True) == {Handling.FILE}
    assert routes("denunciation", competence=Competence.OWN, anonymous=True, concrete_evidence=True) == {
        Handling.PASS_ON,
        Handling.FILE,
    }


def test_a_defective_petition_is_returned_with_guidance_or_filed():
    assert routes("complaint", competence=Competence.OWN, defects=["x"]) == {Handling.GUIDE_RETURN, Handling.FILE}


def test_a_petition_is_forwarded_once_and_never_back_to_its_sender():
    assert forward_refusal(forwarded_to=[], target="UBND huyện Đức Phổ", source_body="") is None
    assert forward_refusal(forwarded_to=["UBND tỉnh"], target="UBND huyện Đức Phổ", source_body="") == (
        "Đơn đã được chuyển một lần; mỗi đơn chỉ được chuyển một lần."
    )
    assert "Ban Tiếp công dân tỉnh" in forward_refusal(
        forwarded_to=[], target="ban tiep cong dan tinh", source_body="Ban Tiếp công dân tỉnh"
    )
