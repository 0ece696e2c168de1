"""Task proposals read from a dispatch's numbered items, and the recurrence it asks for."""

from egov.assignments.models import Recurrence
from egov.assignments.proposals import propose_recurrence, tasks_propose_from_text

from .conftest import TASKS_003, body_of_003


def test_proposals_are_the_ten_numbered_items():
    proposals = tasks_propose_from_text(body_of_003())
    assert [p.position for p in proposals] == list(range(1, 11))
    for proposal, (_, start, _) in zip(proposals, TASKS_003, strict=True):
        assert proposal.content.startswith(start)
    # Item 6 runs over a page break; the closing request is not part of item 10.
    assert "địa bàn Khu Kinh tế Dung Quất" in proposals[5].content
    assert "Đề nghị Trưởng" not in proposals[9].content
    assert proposals[9].content.endswith("theo chỉ đạo.")


def test_recurrence_proposed_from_the_text():
    assert propose_recurrence(body_of_003()) == Recurrence.HALF_YEARLY_AND_YEARLY
    assert propose_recurrence("Định kỳ báo cáo quý về Sở.") == Recurrence.QUARTERLY
    assert propose_recurrence("Báo cáo hằng tháng trước ngày 20.") == Recurrence.MONTHLY
    assert propose_recurrence("Không có yêu cầu.") == Recurrence.NONE
