"""One form per lifecycle action (the service's keyword arguments), the counter intake and search.

Forms check shapes; the services decide. Each action form gives `service_kwargs()` and, for the
actions that come with a file (the signed result, a draft), `uploads()` as (kind, file) pairs.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from egov.core.formats import vn_number
from egov.core.forms import Form
from egov.core.models import AccessLogEntry
from egov.dossiers.service import (
    TRANSITIONS,
    Action,
    Apologise,
    AssessFee,
    Assign,
    Attachment,
    ChangeResultDelivery,
    Consult,
    ConsultReply,
    Dossier,
    Note,
    Payment,
    ProcessingSupplementItems,
    Reason,
    Receive,
    ReturnMethod,
    ReturnResult,
    Sign,
    Status,
    SupplementItems,
    Transfer,
)
from egov.organisations.models import Unit, User
from egov.portal.forms import FILE_ACCEPT, REQUIRED, ApplicantForm, result_address_field, result_delivery_field
from egov.procedures.service import FeeItem, Procedure, RequiredDocument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


NOTE_LABEL = _("Ghi chú")


def _note(label=NOTE_LABEL, required=False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=REQUIRED,
    )


def _file(label):
    return forms.FileField(label=label, required=False, widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}))


class ActionForm(Form):
    action: Action
    file_kind = Attachment.Kind.INTERNAL

    def __init__(self, *args, dossier: Dossier, user: User, **kwargs):
        kwargs.setdefault("prefix", self.action.value)
        super().__init__(*args, **kwargs)
        self.dossier, self.user = dossier, user

    def service_kwargs(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if key != "file"}

    def uploads(self) -> list[tuple[str, object]]:
        upload = self.cleaned_data.get("file")
        return [(self.file_kind, upload)] if upload else []


class NoteForm(ActionForm):
    note = _note()


class ReasonForm(ActionForm):
    reason = _note(_("Lý do"), required=True)


class ItemsForm(ActionForm):
    items = forms.CharField(
        label=_("Các thành phần cần bổ sung (mỗi dòng một mục)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages=REQUIRED,
    )
    reason = _note(_("Lý do, hướng dẫn"))

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["items"] = [line.strip() for line in data["items"].splitlines() if line.strip()]
        return data


class ProcessingItemsForm(ItemsForm):
    override_reason = _note(_("Lý do cho phép quá 3 ngày làm việc (lãnh đạo)"))


class ReceiveForm(ActionForm):
    appointment = forms.DateField(
        label=_("Ngày hẹn trả (chỉ khi thủ tục chưa có thời hạn)"), required=False, widget=DATE
    )
    note = _note()


class TransferForm(ActionForm):
    unit = forms.ModelChoiceField(
        label=_("Phòng chủ trì xử lý"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Phòng chủ trì theo thủ tục"),
    )
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            agency_id=self.dossier.agency_id, is_active=True, is_one_stop_desk=False
        )
        self.fields["unit"].initial = self.dossier.procedure.lead_unit_id


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(
        label=_("Chuyên viên xử lý"), queryset=User.objects.none(), error_messages=REQUIRED
    )
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            agency_id=self.dossier.agency_id, unit_id=self.dossier.unit_id, is_active=True
        ).order_by("full_name")


class ConsultForm(ActionForm):
    consulted = forms.CharField(label=_("Cơ quan được lấy ý kiến"), max_length=255, error_messages=REQUIRED)
    reply_due = forms.DateField(label=_("Hạn trả lời"), widget=DATE, error_messages=REQUIRED)
    note = _note()


class ConsultReplyForm(ActionForm):
    note = _note(_("Nội dung ý kiến trả lời"), required=True)


class SubmitForSignatureForm(NoteForm):
    file = _file(_("Dự thảo kết quả (không bắt buộc)"))


class SignForm(ActionForm):
    file_kind = Attachment.Kind.RESULT
    result_number = forms.CharField(label=_("Số, ký hiệu kết quả"), max_length=100, error_messages=REQUIRED)
    result_date = forms.DateField(label=_("Ngày ký"), required=False, widget=DATE)
    file = _file(_("Kết quả điện tử đã ký (PDF)"))
    note = _note()


class ApologiseForm(ActionForm):
    reason = _note(_("Lý do chậm trả kết quả"), required=True)
    new_due_date = forms.DateField(label=_("Ngày hẹn trả mới"), widget=DATE, error_messages=REQUIRED)


class ReturnResultForm(ActionForm):
    """Returned the way the applicant chose (shown, not chosen here: changing it is its own action);
    by post, with the posting's tracking number."""

    file_kind = Attachment.Kind.RESULT
    method = forms.ChoiceField(label=_("Hình thức trả"), choices=ReturnMethod.choices, error_messages=REQUIRED)
    postal_tracking = forms.CharField(label=_("Số hiệu bưu gửi"), required=False, max_length=50)
    file = _file(_("Kết quả điện tử (nếu chưa đính kèm)"))
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.dossier.result_delivery
        if chosen:
            self.fields["method"].initial = chosen
            self.fields["method"].disabled = True
            self.fields["method"].help_text = _(
                "Theo lựa chọn của người nộp; đổi bằng thao tác “Đổi hình thức nhận kết quả”."
            )
        elif self.dossier.channel == "online":
            self.fields["method"].initial = ReturnMethod.ELECTRONIC
        if chosen and chosen != ReturnMethod.POST:
            del self.fields["postal_tracking"]


class ChangeResultDeliveryForm(ActionForm):
    method = forms.ChoiceField(
        label=_("Hình thức nhận kết quả mới"),
        choices=ReturnMethod.choices,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
    address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"),
        required=False,
        max_length=500,
        help_text=_("Để trống sẽ dùng địa chỉ của người nộp."),
    )
    note = _note(_("Ghi chú (ví dụ: theo đề nghị của người nộp ngày…)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dossier.owner_id is None:  # no account to receive an electronic result in
            self.fields["method"].choices = [c for c in ReturnMethod.choices if c[0] != ReturnMethod.ELECTRONIC]
        self.fields["address"].initial = self.dossier.result_address


class AssessFeeForm(ActionForm):
    """The rate that applies (when the version has several) or the amount from the fee regulation
    (when the catalogue could not read it); a fixed tariff needs neither."""

    fee_item = forms.ModelChoiceField(
        label=_("Mức thu áp dụng"), queryset=FeeItem.objects.none(), required=False, widget=forms.RadioSelect
    )
    amount_vnd = forms.IntegerField(
        label=_("Số tiền theo quy định (đồng)"), required=False, min_value=0, max_value=10**12
    )
    name = forms.CharField(label=_("Tên khoản thu"), required=False, max_length=255)
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = self.dossier.procedure_version
        alternatives = version.fee_alternatives
        if alternatives:
            self.fields["fee_item"].queryset = FeeItem.objects.filter(pk__in=[item.pk for item in alternatives])
            self.fields["fee_item"].label_from_instance = lambda item: (
                f"{item.name} — {vn_number(item.amount_vnd)} đồng ({item.condition})"
            )
        else:
            del self.fields["fee_item"]
        if alternatives or version.fee_known:
            del self.fields["amount_vnd"], self.fields["name"]


class CounterPaymentForm(Form):
    """A payment taken at the desk: receipt number, amount and time (payments.payment_record)."""

    method = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (Payment.Method.CASH, Payment.Method.CASH.label),
            (Payment.Method.TRANSFER, Payment.Method.TRANSFER.label),
        ],
        error_messages=REQUIRED,
    )
    amount_vnd = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1, max_value=10**12, error_messages=REQUIRED)
    receipt_number = forms.CharField(label=_("Số biên lai"), max_length=50, error_messages=REQUIRED)
    at = forms.DateTimeField(
        label=_("Thời điểm nộp"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
        error_messages=REQUIRED,
    )
    issue_einvoice = forms.BooleanField(label=_("Xuất hóa đơn điện tử"), required=False)

    def __init__(self, *args, outstanding: int | None = None, **kwargs):
        kwargs.setdefault("prefix", "payment")
        super().__init__(*args, **kwargs)
        if outstanding:
            self.fields["amount_vnd"].initial = outstanding
        self.fields["at"].initial = timezone.localtime().replace(second=0, microsecond=0)


def _form(action: Action, base: type[ActionForm]) -> type[ActionForm]:
    return type(f"{action.value.title().replace('_', '')}Form", (base,), {"action": action})


# The form that reads each kind of lifecycle input (transitions.py: a row's `input`), and the
# actions whose page asks for more (a file). No form: not taken from this page — the payment that
# settles the fees completes the payment; only the applicant rates, on the portal.
INPUT_FORMS: dict[type, type[ActionForm]] = {
    SupplementItems: ItemsForm,
    ProcessingSupplementItems: ProcessingItemsForm,
    Note: NoteForm,
    Reason: ReasonForm,
    Receive: ReceiveForm,
    Transfer: TransferForm,
    Assign: AssignForm,
    Consult: ConsultForm,
    ConsultReply: ConsultReplyForm,
    Sign: SignForm,
    Apologise: ApologiseForm,
    AssessFee: AssessFeeForm,
    ChangeResultDelivery: ChangeResultDeliveryForm,
    ReturnResult: ReturnResultForm,
}
ACTION_FORM_OVERRIDES: dict[Action, type[ActionForm]] = {Action.SUBMIT_FOR_SIGNATURE: SubmitForSignatureForm}
ACTION_FORMS: dict[Action, type[ActionForm]] = {
    action: _form(action, ACTION_FORM_OVERRIDES.get(action) or INPUT_FORMS[transition.input])
    for action, transition in TRANSITIONS.items()
    if transition.input in INPUT_FORMS
}


class UploadForm(Form):
    file = forms.FileField(
        label=pgettext_lazy("upload field", "Tệp"),
        error_messages=REQUIRED,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )
    kind = forms.ChoiceField(
        label=_("Loại tệp"),
        choices=[
            (Attachment.Kind.INTERNAL, _("Tài liệu xử lý (nội bộ)")),
            (Attachment.Kind.APPLICATION, _("Thành phần hồ sơ (bản quét)")),
        ],
    )


class CounterIntakeForm(ApplicantForm):
    """A walk-in applicant's dossier at the desk, with the scans of the paper documents."""

    sets_count = forms.IntegerField(
        label=_("Số bộ hồ sơ"), min_value=1, max_value=20, initial=1, error_messages=REQUIRED
    )
    channel = forms.ChoiceField(
        label=_("Kênh nộp"),
        choices=[("direct", _("Trực tiếp tại quầy")), ("postal", _("Bưu chính công ích"))],
        initial="direct",
    )
    # No account at the counter, so no electronic result: the desk or the post.
    result_delivery = result_delivery_field(
        [(m, label) for m, label in ReturnMethod.choices if m != ReturnMethod.ELECTRONIC], ReturnMethod.DESK
    )
    result_address = result_address_field()
    receive_now = forms.BooleanField(label=_("Hồ sơ đầy đủ: tiếp nhận ngay và cấp mã hồ sơ"), required=False)
    note = _note()

    def __init__(self, *args, documents: list[RequiredDocument], **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = documents
        for document in documents:
            self.fields[f"doc_{document.pk}"] = forms.FileField(
                label=gettext("Bản quét: %(name)s") % {"name": document.name},
                required=False,
                help_text=ngettext("%(form)s, %(count)s bản.", "%(form)s, %(count)s bản.", document.count)
                % {"form": document.get_form_display(), "count": document.count},
                widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
            )

    def document_fields(self):
        return [self[f"doc_{document.pk}"] for document in self.documents]

    def applicant_fields(self):
        return [self[name] for name in ApplicantForm.base_fields]

    def uploads(self) -> dict[int, object]:
        return {d.pk: self.cleaned_data[f"doc_{d.pk}"] for d in self.documents if self.cleaned_data.get(f"doc_{d.pk}")}


class ProcedureChoiceForm(Form):
    thu_tuc = forms.ModelChoiceField(
        label=_("Thủ tục"), queryset=Procedure.objects.none(), to_field_name="code", error_messages=REQUIRED
    )

    def __init__(self, *args, agency_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        procedures = Procedure.objects.filter(is_active=True).order_by("name")
        if agency_id is not None:
            procedures = procedures.filter(agency_id=agency_id)
        self.fields["thu_tuc"].queryset = procedures
        self.fields["thu_tuc"].label_from_instance = lambda p: f"{p.code} — {p.name}"


class SearchForm(Form):
    q = forms.CharField(
        label=_("Mã hồ sơ, tên người nộp, số định danh, mã số thuế hoặc tên thủ tục"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Mọi trạng thái")), *Status.choices]
    )


class AccessLogFilterForm(Form):
    """Filters of the access log page (all optional)."""

    q = forms.CharField(
        label=_("Hồ sơ, văn bản hoặc tệp (mã, số, tên)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    reader = forms.CharField(label=_("Người truy cập (tên đăng nhập hoặc họ tên)"), required=False, max_length=150)
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Mọi loại")), *AccessLogEntry.Kind.choices]
    )
    date_from = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Ngày không hợp lệ.")},
    )
    date_to = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Ngày không hợp lệ.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("“Đến ngày” không được trước “Từ ngày”."))
        return data


class FeedbackAnswerForm(Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=REQUIRED,
    )
