"""Input forms of the staff pages; they only check shapes, the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.core.forms import Form
from egov.organisations.models import Agency, Unit
from egov.organisations.roles import Scope

from .models import Document, DocumentFile, DocumentType, Issuer, Recurrence, SigningAuthority

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DATE_WIDGET,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class _AgencyForm(Form):
    """A form whose unit choices are limited to the user's agency (and whose "other agency"
    choices, if any, are the other active agencies)."""

    unit_fields: tuple[str, ...] = ()
    other_agency_fields: tuple[str, ...] = ()

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(agency=agency, is_active=True) if agency else Unit.objects.none()
        for name in self.unit_fields:
            self.fields[name].queryset = units
        others = Agency.objects.filter(is_active=True).exclude(pk=agency.pk) if agency else Agency.objects.none()
        for name in self.other_agency_fields:
            self.fields[name].queryset = others.order_by("name")


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


def _lead_agency_field() -> AgencyChoiceField:
    return AgencyChoiceField(
        label=_("Hoặc cơ quan chủ trì (ngoài cơ quan)"),
        required=False,
        queryset=Agency.objects.none(),
        help_text=_("Khi văn bản giao cơ quan khác chủ trì; cơ quan mình theo dõi, phối hợp."),
    )


class _LeadForm(_AgencyForm):
    """One lead: a unit of the agency, or another agency."""

    unit_fields = ("lead_unit", "coordinating_units")
    other_agency_fields = ("lead_agency",)

    def _check_one_lead(self, data) -> None:
        if data.get("lead_unit") and data.get("lead_agency"):
            self.add_error("lead_agency", _("Chọn đơn vị chủ trì hoặc cơ quan chủ trì, không chọn cả hai."))


class RegisterFilterForm(Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    document_type = forms.ModelChoiceField(
        label=_("Loại văn bản"), required=False, queryset=DocumentType.objects.filter(is_active=True)
    )
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), required=False, queryset=Issuer.objects.all())

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả"))] + [(y, str(y)) for y in years]


class IncomingForm(_AgencyForm):
    unit_fields = ("handling_unit",)

    ref = forms.CharField(label=_("Số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 2121/QĐ-UBND, 05-NQ/TU"))
    document_date = _date(_("Ngày văn bản"), required=True)
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=Issuer.objects.filter(is_active=True))
    document_type = forms.ModelChoiceField(
        label=_("Loại văn bản"), queryset=DocumentType.objects.filter(is_active=True)
    )
    summary = forms.CharField(label=_("Trích yếu nội dung"), widget=forms.Textarea(attrs={"rows": 2}))
    arrived_on = _date(_("Ngày đến"), required=True)
    handling_unit = UnitChoiceField(label=_("Đơn vị hoặc người nhận"), required=False, queryset=Unit.objects.none())
    handed_over_on = _date(_("Ngày chuyển"))
    handling_deadline = _date(_("Thời hạn giải quyết"))
    receipt = forms.CharField(label=_("Ký nhận"), required=False, max_length=255)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(
        label=_("Toàn văn (để tìm trích dẫn)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(label=_("Tệp văn bản (PDF, DOCX, DOC)"), required=False)


class DraftForm(_AgencyForm):
    unit_fields = ("drafting_unit",)

    document_type = forms.ModelChoiceField(
        label=_("Loại văn bản"), queryset=DocumentType.objects.filter(is_active=True, is_normative=False)
    )
    summary = forms.CharField(label=_("Trích yếu nội dung"), widget=forms.Textarea(attrs={"rows": 2}))
    addressees = forms.CharField(label=_("Kính gửi (công văn)"), required=False, max_length=500)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 14}))
    drafting_unit = UnitChoiceField(label=_("Đơn vị soạn thảo"), queryset=Unit.objects.none())
    signing_authority = forms.ChoiceField(label=_("Thẩm quyền ký"), choices=SigningAuthority.choices, required=False)
    signer_title = forms.CharField(label=_("Chức vụ (người đứng đầu)"), max_length=100, initial="GIÁM ĐỐC")
    signer_deputy_title = forms.CharField(label=_("Chức vụ người ký thay / thừa lệnh"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=150)
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    file_copy_holder = forms.CharField(label=_("Đơn vị, người nhận bản lưu"), required=False, max_length=255)
    copies = forms.IntegerField(label=_("Số lượng bản"), required=False, min_value=1, max_value=10000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Specialists and unit heads draft for their own unit (services._check_drafting_scope).
        if user is not None and not user.is_superuser and user.scope != Scope.AGENCY:
            field = self.fields["drafting_unit"]
            field.queryset = field.queryset.filter(pk=user.unit_id)


class IssueForm(Form):
    issued_on = _date(_("Ngày ban hành"))


class DispatchForm(Form):
    dispatched_on = _date(_("Ngày chuyển"), required=True)
    receipt = forms.CharField(label=_("Ký nhận"), required=False, max_length=255)
    copies = forms.IntegerField(label=_("Số lượng bản"), required=False, min_value=1, max_value=10000)


class HandlingForm(_AgencyForm):
    unit_fields = ("handling_unit",)

    handling_status = forms.ChoiceField(label=_("Tiến độ giải quyết"), choices=Document.Handling.choices)
    handling_deadline = _date(_("Thời hạn giải quyết"))
    handling_unit = UnitChoiceField(label=_("Đơn vị xử lý"), required=False, queryset=Unit.objects.none())
    handed_over_on = _date(_("Ngày chuyển"))
    handling_note = forms.CharField(
        label=_("Ghi chú tiến độ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reply_ref = forms.CharField(label=_("Số, ký hiệu văn bản trả lời"), required=False, max_length=100)


class AttachForm(Form):
    file = forms.FileField(label=_("Tệp (PDF, DOCX, DOC)"))
    kind = forms.ChoiceField(label=_("Loại tệp"), choices=DocumentFile.Kind.choices, initial=DocumentFile.Kind.ORIGINAL)


class TaskForm(_LeadForm):
    position = forms.IntegerField(label=_("Số thứ tự"), min_value=1, max_value=999)
    content = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), required=False, queryset=Unit.objects.none())
    lead_agency = _lead_agency_field()
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), required=False, queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    deadline = _date(_("Thời hạn"))
    recurrence = forms.ChoiceField(label=_("Báo cáo định kỳ"), choices=Recurrence.choices, required=False)
    recurrence_until = _date(_("Báo cáo định kỳ đến ngày"))
    report_day = forms.IntegerField(label=_("Ngày hạn báo cáo trong tháng"), min_value=1, max_value=28, initial=15)

    def clean(self):
        data = super().clean()
        self._check_one_lead(data)
        if not data.get("lead_unit") and not data.get("lead_agency"):
            self.add_error("lead_unit", _("Vui lòng chọn đơn vị chủ trì (hoặc cơ quan chủ trì ngoài cơ quan)."))
        return data


class ProgressForm(Form):
    content = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    percent_complete = forms.IntegerField(label=_("Tỷ lệ hoàn thành (%)"), min_value=0, max_value=100, initial=0)
    completes_occurrence = forms.BooleanField(
        label=_("Đây là báo cáo của kỳ (đơn vị chủ trì)"), required=False, initial=True
    )


class FollowupExportForm(Form):
    as_of = _date(_("Số liệu đến ngày"), required=True)
    signing_authority = forms.ChoiceField(label=_("Thẩm quyền ký"), choices=SigningAuthority.choices, required=False)
    signer_title = forms.CharField(label=_("Chức vụ (người đứng đầu)"), max_length=100, initial="GIÁM ĐỐC")
    signer_deputy_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=150)
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TaskItemForm(_LeadForm):
    """One numbered item of a directive, as proposed from its text; the clerk confirms or skips
    it, and sets its own lead, deadline and reporting recurrence."""

    selected = forms.BooleanField(label=_("Giao"), required=False, initial=True)
    position = forms.IntegerField(label="Mục", min_value=1, max_value=999, widget=forms.HiddenInput)
    content = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), required=False, queryset=Unit.objects.none())
    lead_agency = _lead_agency_field()
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), required=False, queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    deadline = _date(_("Thời hạn"))
    recurrence = forms.ChoiceField(label=_("Báo cáo định kỳ"), choices=Recurrence.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A row of the table: each field is named by its column and its item ("Thời hạn, mục 3").
        position = self.initial.get("position") or self.data.get(self.add_prefix("position"))
        if position:
            for name in ("selected", "content", "deadline", "recurrence"):
                label = gettext("%(field)s, mục %(position)s") % {
                    "field": self.fields[name].label,
                    "position": position,
                }
                self.fields[name].widget.attrs["aria-label"] = label

    def clean(self):
        data = super().clean()
        self._check_one_lead(data)
        if data.get("selected") and not data.get("lead_unit") and not data.get("lead_agency"):
            self.add_error("lead_unit", _("Vui lòng chọn đơn vị chủ trì (hoặc cơ quan chủ trì ngoài cơ quan)."))
        return data


TaskItemFormSet = forms.formset_factory(TaskItemForm, extra=0, max_num=99, absolute_max=99)


class TaskBatchForm(Form):
    """What the items assigned together share: the day reports fall due and an end of periodic
    reports (each item's reports stop at its own deadline, if earlier)."""

    recurrence_until = _date(
        _("Báo cáo định kỳ đến ngày"),
        help_text=_("Mỗi mục thôi báo cáo định kỳ từ thời hạn của mục, nếu sớm hơn."),
    )
    report_day = forms.IntegerField(label="Ngày hạn báo cáo trong tháng", min_value=1, max_value=28, initial=15)
    others_coordinate = forms.BooleanField(
        label="Các phòng, đơn vị còn lại phối hợp thực hiện mọi mục được giao",
        required=False,
        help_text=(
            "Dùng khi văn bản giao cho tất cả các phòng, đơn vị (ví dụ “Trưởng các phòng, đơn vị trực thuộc Sở”)."
        ),
    )
