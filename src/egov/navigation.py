"""The site's map for a signed-in person: the work pages each role has, for the header and the home page.

One list, each page with the same test its view applies, so that no link a person is shown leads to
a refusal (a clerk used to be offered the dossier queues and see 403). The header shows the pages
marked `menu`; the home page shows all of them, each with what it is for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from egov.workspace.selectors import is_staff_user, load_access, queues_for


@dataclass(frozen=True)
class Page:
    url_name: str
    label: str
    description: str
    allowed: Callable  # (user) -> bool: the view's own test
    menu: bool = True

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def _of_agency(user) -> bool:
    # Document and statistics pages read the user's agency; an account without one is refused there.
    return user.is_superuser or user.agency_id is not None


def _perm(permission: str, *, agency: bool = True) -> Callable:
    return lambda user: user.has_perm(permission) and (not agency or _of_agency(user))


def _dossier_work(user) -> bool:
    return is_staff_user(user) and bool(queues_for(user))  # as workspace.views.queues.require_staff


def _feedback(user) -> bool:
    return is_staff_user(user) and user.has_perm("portal.view_feedback")  # as workspace.views.feedback checks


def _counter(user) -> bool:
    return _dossier_work(user) and user.has_perm("dossiers.receive_dossier")


WORK_PAGES: tuple[Page, ...] = (
    Page(
        "workspace:queues",
        _("Xử lý hồ sơ"),
        _("Hồ sơ thủ tục hành chính chờ tiếp nhận, xử lý, trình ký và trả kết quả."),
        _dossier_work,
    ),
    Page(
        "workspace:counter",
        _("Tiếp nhận tại quầy"),
        _("Nhận hồ sơ nộp trực tiếp hoặc qua bưu chính, in Giấy tiếp nhận."),
        _counter,
        menu=False,
    ),
    Page(
        "workspace:feedback_queue",
        _("Góp ý, phản ánh"),
        _("Góp ý, phản ánh của người dân gửi cơ quan: trả lời trong thời hạn."),
        _feedback,
    ),
    Page(
        "documents:incoming",
        _("Văn bản"),
        _("Sổ văn bản đến: vào sổ, chuyển xử lý, theo dõi giải quyết."),
        _perm("documents.view_document"),
    ),
    Page(
        "documents:outgoing",
        _("Sổ văn bản đi"),
        _("Dự thảo, cấp số và phát hành văn bản đi."),
        _perm("documents.view_document"),
        menu=False,
    ),
    Page(
        "assignments:overdue",
        _("Nhiệm vụ quá hạn"),
        _("Nhiệm vụ được giao theo văn bản đã quá hạn báo cáo hoặc hoàn thành."),
        _perm("assignments.view_task"),
        menu=False,
    ),
    Page(
        "reports:dashboard",
        _("Số liệu, báo cáo"),
        _("Số liệu giải quyết thủ tục hành chính theo kỳ, báo cáo và Biểu 06."),
        _perm("reports.view_statistics"),
    ),
    Page(
        "reports:scorecard",
        _("Chỉ số chất lượng phục vụ"),
        _("Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ (Quyết định 766/QĐ-TTg)."),
        _perm("reports.view_statistics"),
        menu=False,
    ),
    Page(
        "workspace:access_log",
        _("Nhật ký truy cập"),
        _("Ai đã xem hoặc tải hồ sơ, tệp đính kèm, văn bản nào, vào lúc nào."),
        _perm("core.view_accesslogentry", agency=False),
    ),
    Page(
        "admin:index",
        _("Trang quản trị"),
        _("Danh mục thủ tục, đơn vị, tài khoản, lịch làm việc và cấu hình hệ thống."),
        lambda user: user.is_active and user.is_staff,  # AdminSite.has_permission
    ),
)


def work_pages(user) -> list[Page]:
    """The work pages the user may open, in WORK_PAGES order; none for a citizen or a visitor."""
    if not user.is_authenticated:
        return []
    load_access(user)  # the permissions and roles in one query, for every test below
    return [page for page in WORK_PAGES if page.allowed(user)]


def navigation(request):
    """Context processor: `work_pages`, read only by the pages that show it. A request refused
    before the authentication middleware ran (a bad Host: the 400 page) has no user."""
    user = getattr(request, "user", None)
    return {"work_pages": SimpleLazyObject(lambda: work_pages(user) if user is not None else [])}
