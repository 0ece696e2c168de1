"""Citizen reception and petitions (tiếp công dân, xử lý đơn): law-2026.md §1, domain.md §3.

Three linked records, counted separately by the reports ("02 lượt tiếp công dân (9 người, 01 vụ
việc)"): a reception session with its visits, a petition, and the case (vụ việc) that visits and
petitions about one subject share — linked, never copied, when the subject comes back.
The legal time limits are data (`TimeLimitRule`, dated and versioned by legal basis); a petition's
running limits are `Deadline` rows computed from the rule in force on the start event's date.
Writes go through the services package; the classification rules are classification.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField, NFCTextField
from egov.organisations.models import Agency, Unit
from egov.procedures.models import Field

# --- vocabulary ------------------------------------------------------------------------------------


class ContentKind(models.TextChoices):
    """What a petition or a visit is about, by its content (not by the title the citizen wrote)."""

    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    RECOMMENDATION = "recommendation", _("Kiến nghị, phản ánh")


class Classification(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    RECOMMENDATION = "recommendation", _("Kiến nghị, phản ánh")
    MIXED = "mixed", _("Có nhiều nội dung")
    DUPLICATE = "duplicate", _("Đơn trùng nội dung")


class ReceptionKind(models.TextChoices):
    REGULAR = "regular", _("Tiếp thường xuyên")
    PERIODIC = "periodic", _("Tiếp định kỳ của người đứng đầu")
    UNSCHEDULED = "unscheduled", _("Tiếp đột xuất")


class ReceptionForm(models.TextChoices):
    """Luật Tiếp công dân Art. 3a (added by Luật 136/2025): direct or online reception."""

    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")


class ReceiverRole(models.TextChoices):
    OFFICER = "officer", _("Cán bộ tiếp công dân")
    LEADER = "leader", _("Người đứng đầu cơ quan")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Đã lên lịch")
    HELD = "held", _("Đã tiếp")
    CONCLUDED = "concluded", _("Đã thông báo kết luận")
    REFUSED = "refused", _("Từ chối tiếp")


class VisitOutcome(models.TextChoices):
    """What was done at the visit (Mẫu 03/TCD columns 10–12)."""

    GUIDED = "guided", _("Hướng dẫn")
    PETITION_TAKEN = "petition_taken", _("Tiếp nhận đơn")
    FORWARDED = "forwarded", _("Chuyển đơn")
    ANSWERED = "answered", _("Trả lời trực tiếp")


class Channel(models.TextChoices):
    """How a petition reached the agency (NĐ 154/2026 Art. 14.1)."""

    RECEPTION = "reception", _("Qua tiếp công dân")
    POST = "post", _("Qua bưu chính")
    HAND = "hand", _("Gửi trực tiếp")
    FORWARDED = "forwarded", _("Cơ quan khác chuyển đến")
    ONLINE = "online", _("Thư điện tử, cổng thông tin")
    HOTLINE = "hotline", _("Đường dây nóng (ghi lại)")


class Competence(models.TextChoices):
    OWN = "own", _("Thuộc thẩm quyền")
    LOWER_UNRESOLVED = "lower_unresolved", _("Thuộc thẩm quyền cấp dưới, chưa giải quyết")
    OUTSIDE = "outside", _("Không thuộc thẩm quyền")


class Handling(models.TextChoices):
    """How a classified petition is handled (law-2026.md §1.2 B; classification.routes says which are open)."""

    ACCEPT = "accept", _("Thụ lý")
    ANSWER = "answer", _("Trả lời")
    FORWARD = "forward", _("Chuyển đơn")
    GUIDE_RETURN = "guide_return", _("Hướng dẫn, trả lại đơn")
    FILE = "file", _("Lưu đơn")
    URGE = "urge", _("Đôn đốc")
    PASS_ON = "pass_on", _("Chuyển thông tin để thanh tra, kiểm tra")


class Status(models.TextChoices):
    """The petition's state (law-2026.md §1.2 B, the TT 05/2021 vocabulary)."""

    RECEIVED = "received", _("Đã tiếp nhận")
    CLASSIFIED = "classified", _("Đã phân loại")
    ACCEPTED = "accepted", _("Đã thụ lý")
    FORWARDED = "forwarded", _("Đã chuyển đơn")
    GUIDED = "guided", _("Đã hướng dẫn, trả lại đơn")
    ANSWERED = "answered", _("Đã trả lời")
    FILED = "filed", _("Lưu đơn")
    URGED = "urged", _("Đã đôn đốc")
    CLOSED = "closed", _("Kết thúc")
    WITHDRAWN = "withdrawn", _("Rút đơn")


# --- the legal time limits, as data ------------------------------------------------------------------


class LimitStep(models.TextChoices):
    RECEPTION_REFUSAL_NOTICE = "reception_refusal_notice", _("Thông báo từ chối tiếp công dân (Mẫu 01/TCD)")
    PETITION_PROCESSING = "petition_processing", _("Xử lý đơn (phân loại, đề xuất hướng xử lý)")
    PETITION_UNPROCESSED_LIMIT = "petition_unprocessed_limit", _("Đơn để quá hạn không xử lý (xem xét trách nhiệm)")
    COMPLAINT_ACCEPTANCE = "complaint_acceptance", _("Thụ lý khiếu nại")
    COMPLAINT_FIRST_RESOLUTION = "complaint_first_resolution", _("Giải quyết khiếu nại lần đầu")
    COMPLAINT_SECOND_REQUEST = "complaint_second_request", _("Thời hạn khiếu nại lần hai")
    COMPLAINT_SECOND_RESOLUTION = "complaint_second_resolution", _("Giải quyết khiếu nại lần hai")
    DIALOGUE_NOTICE = "dialogue_notice", _("Thông báo đối thoại")
    SUSPENSION_NOTICE = "suspension_notice", _("Gửi quyết định tạm đình chỉ, đình chỉ, tiếp tục giải quyết")
    COMPLAINT_TIME_BAR = "complaint_time_bar", _("Thời hiệu khiếu nại")
    DENUNCIATION_INTAKE = "denunciation_intake", _("Vào sổ, phân loại, kiểm tra điều kiện thụ lý tố cáo")
    DENUNCIATION_FORWARD = "denunciation_forward", _("Chuyển tố cáo không thuộc thẩm quyền")
    DENUNCIATION_RESOLUTION = "denunciation_resolution", _("Giải quyết tố cáo")
    ONLINE_RECEPTION_NOTICE = "online_reception_notice", _("Thông báo tiếp công dân trực tuyến")
    ONLINE_RECEPTION_LINK_TEST = "online_reception_link_test", _("Kiểm tra đường truyền tiếp công dân trực tuyến")


class Condition(models.TextChoices):
    """Which variant of a step's limit applies (the law gives several per step)."""

    STANDARD = "standard", _("Thông thường")
    COMPLEX = "complex", _("Vụ việc phức tạp")
    VERY_COMPLEX = "very_complex", _("Vụ việc đặc biệt phức tạp")
    REMOTE = "remote", _("Vùng sâu, vùng xa, đi lại khó khăn")
    REMOTE_COMPLEX = "remote_complex", _("Vùng sâu, vùng xa, vụ việc phức tạp")
    SEVERAL_PLACES = "several_places", _("Cần kiểm tra, xác minh tại nhiều địa điểm")
    STAFF_DISCIPLINE = "staff_discipline", _("Quyết định kỷ luật cán bộ, công chức")


class DayType(models.TextChoices):
    WORKING_DAYS = "working_days", _("Ngày làm việc")
    CALENDAR_DAYS = "calendar_days", _("Ngày (theo lịch)")


class Direction(models.TextChoices):
    AFTER = "after", _("Trong thời hạn kể từ sự kiện")
    BEFORE = "before", _("Chậm nhất trước sự kiện")


class StartEvent(models.TextChoices):
    RECEIPT = "receipt", _("Ngày nhận đơn")
    ACCEPTANCE = "acceptance", _("Ngày thụ lý")
    DECISION = "decision", _("Ngày ra quyết định")
    REFUSAL_GROUNDS = "refusal_grounds", _("Ngày có đủ căn cứ từ chối")
    FIRST_RESOLUTION_END = "first_resolution_end", _("Hết thời hạn giải quyết lần đầu hoặc nhận quyết định lần đầu")
    KNOWLEDGE = "knowledge", _("Ngày nhận được, biết được quyết định, hành vi")
    SCHEDULED_EVENT = "scheduled_event", _("Ngày diễn ra buổi tiếp, buổi đối thoại")


class Confidence(models.TextChoices):
    """How the legal reading was checked (law-2026.md's tags)."""

    VERIFIED = "V", _("Đã đối chiếu văn bản")
    SECONDARY = "S", _("Theo nguồn thứ cấp")
    BACKGROUND = "K", _("Cần đối chiếu lại")


class TimeLimitRule(models.Model):
    """One legal time limit, for one step and one variant, in force over a period.

    A changed law is a new row (a new `valid_from`, the old row closed by `valid_to`), never an
    edit of the old figures: deadlines already computed keep the rule they were computed with.
    Extensions: `max_extensions` of at most `extension_value` days each (Luật Tố cáo Art. 30).
    """

    step = models.CharField(_("bước"), max_length=40, choices=LimitStep.choices)
    condition = models.CharField(_("trường hợp"), max_length=20, choices=Condition.choices, default=Condition.STANDARD)
    value = models.PositiveSmallIntegerField(_("thời hạn"))
    day_type = models.CharField(_("loại ngày"), max_length=20, choices=DayType.choices)
    direction = models.CharField(_("chiều tính"), max_length=10, choices=Direction.choices, default=Direction.AFTER)
    start_event = models.CharField(_("tính từ"), max_length=30, choices=StartEvent.choices)
    max_extensions = models.PositiveSmallIntegerField(_("số lần gia hạn tối đa"), default=0)
    extension_value = models.PositiveSmallIntegerField(_("mỗi lần gia hạn không quá"), null=True, blank=True)
    source = NFCCharField(_("căn cứ pháp lý"), max_length=255)
    confidence = models.CharField(_("mức độ đối chiếu"), max_length=1, choices=Confidence.choices)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    note = NFCTextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy định thời hạn")
        verbose_name_plural = _("quy định thời hạn")
        ordering = ["step", "condition", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["step", "condition", "valid_from"], name="timelimit_step_condition_from"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="timelimit_period_order"
            ),
            models.CheckConstraint(
                condition=Q(max_extensions=0, extension_value__isnull=True)
                | Q(max_extensions__gt=0, extension_value__isnull=False, extension_value__gt=0),
                name="timelimit_extension_terms",
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="timelimit_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.get_condition_display()}): {self.value} {self.get_day_type_display()}"


# --- cases, sessions, visits -----------------------------------------------------------------------


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


# --- petitions ---------------------------------------------------------------------------------------


class Petition(models.Model):
    """A petition (đơn), registered once, classified by its content."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="petitions")
    # The register's number (numbering.py): one gap-free sequence per agency and year of receipt.
    number = models.PositiveIntegerField(_("số vào sổ"))
    number_year = models.PositiveSmallIntegerField(_("năm vào sổ"))
    handling_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="petitions", verbose_name=_("đơn vị xử lý")
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="petitions", verbose_name=_("vụ việc")
    )
    visit = models.OneToOneField(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="petition", verbose_name=_("lượt tiếp")
    )
    channel = models.CharField(_("nguồn đơn"), max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField(_("thời điểm nhận đơn"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The body that forwarded the petition to us and its letter: a petition is never forwarded back to it.
    source_body = NFCCharField(_("cơ quan chuyển đến"), max_length=255, blank=True)
    source_reference = NFCCharField(_("số, ngày văn bản chuyển đơn"), max_length=255, blank=True)
    anonymous = models.BooleanField(_("đơn nặc danh"), default=False)
    signatory_count = models.PositiveSmallIntegerField(_("số người ký đơn"), default=1)
    written_for_sender = models.BooleanField(_("cán bộ ghi lại nội dung cho người không viết được đơn"), default=False)
    content = NFCTextField(_("tóm tắt nội dung"))
    titled_as = models.CharField(
        _("tiêu đề đơn ghi là"),
        max_length=20,
        choices=ContentKind.choices,
        blank=True,
        help_text=_("Chỉ để đối chiếu."),
    )
    classification = models.CharField(_("phân loại theo nội dung"), max_length=20, choices=Classification.choices)
    # For several contents: the kinds the petition holds (two or more of ContentKind).
    mixed_kinds = models.JSONField(_("các loại nội dung"), default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates", verbose_name=_("trùng đơn")
    )
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lĩnh vực")
    )
    prior_handling = NFCCharField(_("cơ quan đã giải quyết"), max_length=500, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    # Set by the classification (services/handling.py): competence, defects, and the handling left open.
    competence = models.CharField(_("thẩm quyền"), max_length=20, choices=Competence.choices, blank=True)
    defects = models.JSONField(_("lý do chưa đủ điều kiện xử lý"), default=list, blank=True)
    handling_options = models.JSONField(_("hướng xử lý được phép"), default=list, blank=True)
    handling = models.CharField(_("hướng xử lý"), max_length=20, choices=Handling.choices, blank=True)
    handled_at = models.DateTimeField(_("thời điểm xử lý"), null=True, blank=True)
    forwarded_to = NFCCharField(_("cơ quan nhận đơn chuyển"), max_length=255, blank=True)
    # A digest of agency, day, channel, senders and content: the same petition is registered once.
    fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đơn")
        verbose_name_plural = _("đơn")
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("register_petition", "Vào sổ đơn"),
            ("handle_petition", "Xử lý đơn"),
            ("accept_petition", "Thụ lý đơn"),
            ("extend_petition_deadline", "Gia hạn thời hạn giải quyết"),
        ]
        indexes = [
            models.Index(fields=["agency", "received_at"], name="petition_agency_received"),
            models.Index(fields=["agency", "status"], name="petition_agency_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "fingerprint"], name="petition_registered_once"),
            models.UniqueConstraint(fields=["agency", "number_year", "number"], name="petition_number_unique"),
            models.CheckConstraint(condition=~Q(content=""), name="petition_has_content"),
            models.CheckConstraint(condition=Q(signatory_count__gte=1), name="petition_signatory_count"),
            models.CheckConstraint(
                condition=Q(classification=Classification.DUPLICATE, duplicate_of__isnull=False)
                | (~Q(classification=Classification.DUPLICATE) & Q(duplicate_of__isnull=True)),
                name="petition_duplicate_has_original",
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.FORWARDED) | ~Q(source_body=""), name="petition_forwarded_has_source"
            ),
        ]

    def __str__(self) -> str:
        return f"Đơn số {self.number:02d}/{self.number_year} ({self.get_classification_display()})"

    # No citizen account owns a petition: every transition is taken by staff (core.workflow asks).
    owner_id = None


class PetitionEvent(models.Model):
    """One step in a petition's history: its registration, then each transition. Append-only."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("thao tác"), max_length=40)
    from_status = models.CharField(_("từ trạng thái"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thực hiện")
    )
    at = models.DateTimeField(_("thời điểm"))
    note = NFCTextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện của đơn")
        verbose_name_plural = _("quá trình xử lý đơn")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["petition", "at"], name="petition_event_petition_at"),
            # The figures count the period's outcomes by action.
            models.Index(fields=["action", "at"], name="petition_event_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.petition} {self.action} {self.at:%d/%m/%Y %H:%M}"


class PetitionSender(models.Model):
    """A named sender; a petition signed by many names its representative(s)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="senders")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = NFCCharField(_("họ và tên"), max_length=255)
    id_number = NFCCharField(_("số căn cước, định danh cá nhân, hộ chiếu"), max_length=30, blank=True)
    address = NFCCharField(_("địa chỉ"), max_length=500, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)

    class Meta:
        verbose_name = _("người gửi đơn")
        verbose_name_plural = _("người gửi đơn")
        ordering = ["petition", "order"]
        constraints = [models.UniqueConstraint(fields=["petition", "order"], name="petition_sender_order")]

    def __str__(self) -> str:
        return self.name


class ReceivedDocument(models.Model):
    """A paper handed over with the petition (listed on Mẫu 02/TCD, the receipt)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = NFCCharField(_("tên thông tin, tài liệu"), max_length=500)
    is_original = models.BooleanField(_("bản chính"), default=False)
    pages = models.PositiveSmallIntegerField(_("số tờ"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài liệu kèm theo đơn")
        verbose_name_plural = _("tài liệu kèm theo đơn")
        ordering = ["petition", "order"]
        constraints = [models.UniqueConstraint(fields=["petition", "order"], name="petition_document_order")]

    def __str__(self) -> str:
        return self.title


class Deadline(models.Model):
    """A running time limit of a petition: the rule it was computed with and the date it falls on.

    `due_date` is derived (start, rule, condition, extensions) and kept in step by the services;
    every extension is its own append-only `DeadlineExtension` row.
    """

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="deadlines")
    step = models.CharField(_("bước"), max_length=40, choices=LimitStep.choices)
    condition = models.CharField(_("trường hợp"), max_length=20, choices=Condition.choices, default=Condition.STANDARD)
    rule = models.ForeignKey(TimeLimitRule, on_delete=models.PROTECT, related_name="deadlines")
    started_on = models.DateField(_("ngày bắt đầu tính"))
    due_date = models.DateField(_("hạn"))
    extended_days = models.PositiveSmallIntegerField(_("số ngày đã gia hạn"), default=0)
    extension_count = models.PositiveSmallIntegerField(_("số lần đã gia hạn"), default=0)
    # When the step was done (the handling decided, the resolution concluded); empty while it runs.
    completed_at = models.DateTimeField(_("thời điểm hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("thời hạn")
        verbose_name_plural = _("thời hạn")
        ordering = ["petition", "due_date"]
        constraints = [models.UniqueConstraint(fields=["petition", "step"], name="deadline_petition_step")]
        indexes = [
            # Reminders and overdue flags read the running ones.
            models.Index(fields=["due_date"], condition=Q(completed_at__isnull=True), name="deadline_running_due")
        ]

    def __str__(self) -> str:
        return f"{self.petition}: {self.get_step_display()} {self.due_date:%d/%m/%Y}"


class DeadlineExtension(models.Model):
    """One extension of a deadline, decided by the head of the agency. Append-only."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("số ngày gia hạn"))
    reason = NFCTextField(_("lý do"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("thời điểm"))
    due_before = models.DateField(_("hạn trước khi gia hạn"))
    due_after = models.DateField(_("hạn sau khi gia hạn"))

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        ordering = ["deadline", "decided_at"]

    def __str__(self) -> str:
        return f"{self.deadline}: +{self.days}"
