"""The words of citizen reception and petitions: kinds, channels, states, handlings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
