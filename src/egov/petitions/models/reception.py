"""Reception sessions, their visits (the rows of Mẫu 03/TCD), and the cases visits and petitions share."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField, NFCTextField
from egov.organisations.models import Agency
from egov.procedures.service import Field

from .vocabulary import Classification, ReceiverRole, ReceptionForm, ReceptionKind, SessionStatus, VisitOutcome


class Case(models.Model):
    """One subject matter (vụ việc), shared by every visit and petition about it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="petition_cases")
    title = NFCCharField(_("vụ việc"), max_length=500)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lĩnh vực")
    )
    opened_on = models.DateField(_("ngày phát sinh"))
    is_complex = models.BooleanField(_("phức tạp"), default=False)
    is_crowd = models.BooleanField(_("đông người"), default=False)
    is_protracted = models.BooleanField(_("kéo dài"), default=False)
    is_election_related = models.BooleanField(_("liên quan bầu cử"), default=False)
    # "từ nay trở đi không tiếp nhận, xử lý đơn … nếu không có tình tiết gì mới" (sample 000).
    no_new_facts_stop = models.BooleanField(_("không xử lý nếu không có tình tiết mới"), default=False)
    no_new_facts_basis = NFCCharField(_("văn bản dừng xử lý"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vụ việc")
        verbose_name_plural = _("vụ việc")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="petition_case_has_title"),
            models.CheckConstraint(
                condition=Q(no_new_facts_stop=False) | ~Q(no_new_facts_basis=""), name="petition_case_stop_has_basis"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReceptionSession(models.Model):
    """A reception session (buổi tiếp công dân) of the agency, with its visits (lượt tiếp)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reception_sessions")
    kind = models.CharField(_("hình thức tiếp"), max_length=20, choices=ReceptionKind.choices)
    form = models.CharField(_("cách thức"), max_length=10, choices=ReceptionForm.choices, default=ReceptionForm.DIRECT)
    status = models.CharField(_("trạng thái"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.HELD)
    held_on = models.DateField(_("ngày tiếp"))
    place = NFCCharField(_("địa điểm"), max_length=255)
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tiếp")
    )
    receiver_role = models.CharField(_("người tiếp là"), max_length=10, choices=ReceiverRole.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buổi tiếp công dân")
        verbose_name_plural = _("buổi tiếp công dân")
        ordering = ["-held_on", "-pk"]
        permissions = [("record_reception", "Ghi sổ tiếp công dân")]
        indexes = [models.Index(fields=["agency", "held_on"], name="reception_agency_held")]
        constraints = [
            # The head receives in person on the periodic days (Luật 136/2025: no delegation).
            models.CheckConstraint(
                condition=~Q(kind=ReceptionKind.PERIODIC) | Q(receiver_role=ReceiverRole.LEADER),
                name="reception_periodic_by_leader",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class Visit(models.Model):
    """One visit (lượt tiếp) in a session: a row of the register, Mẫu 03/TCD."""

    session = models.ForeignKey(ReceptionSession, on_delete=models.PROTECT, related_name="visits")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("vụ việc")
    )
    content = NFCTextField(_("tóm tắt nội dung"))
    classification = models.CharField(_("phân loại"), max_length=20, choices=Classification.choices, blank=True)
    people_count = models.PositiveSmallIntegerField(_("số người cùng nội dung"), default=1)
    is_delegation = models.BooleanField(_("đoàn đông người"), default=False)
    prior_handling = NFCCharField(_("cơ quan đã giải quyết"), max_length=500, blank=True)
    in_competence = models.BooleanField(_("thuộc thẩm quyền"), null=True, blank=True)
    outcome = models.CharField(_("kết quả tiếp"), max_length=20, choices=VisitOutcome.choices)
    outcome_detail = NFCTextField(_("nội dung hướng dẫn, chuyển đơn, trả lời"), blank=True)
    note = NFCTextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("lượt tiếp công dân")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="visit_session_number"),
            models.CheckConstraint(condition=~Q(content=""), name="visit_has_content"),
            models.CheckConstraint(condition=Q(people_count__gte=1), name="visit_people_count"),
            models.CheckConstraint(
                condition=Q(is_delegation=False) | Q(people_count__gte=2), name="visit_delegation_count"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.number}"


class VisitPerson(models.Model):
    """A citizen at a visit; in a delegation, the representatives (Luật Tiếp công dân Art. 29)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="people")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = NFCCharField(_("họ và tên"), max_length=255)
    id_number = NFCCharField(_("số căn cước, định danh cá nhân, hộ chiếu"), max_length=30, blank=True)
    address = NFCCharField(_("địa chỉ"), max_length=500, blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)

    class Meta:
        verbose_name = _("công dân được tiếp")
        verbose_name_plural = _("công dân được tiếp")
        ordering = ["visit", "order"]
        constraints = [models.UniqueConstraint(fields=["visit", "order"], name="visit_person_order")]

    def __str__(self) -> str:
        return self.name
