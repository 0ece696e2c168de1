"""Input forms of the staff pages; they only check shapes, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.core.forms import Form
from egov.organisations.models import Agency, Unit
from egov.organisations.roles import Scope

from .models import Document, DocumentFile, DocumentType, Issuer, SigningAuthority

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DATE_WIDGET,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class AgencyUnitsForm(Form):
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


class IncomingForm(AgencyUnitsForm):
    unit_fields = ("handling_unit",)

    ref = forms.CharField(label=_("Số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 2121/QĐ-UBND, 05-NQ/TU"))
    document_date = date_field(_("Ngày văn bản"), required=True)
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=Issuer.objects.filter(is_active=True))
    document_type = forms.ModelChoiceField(
        label=_("Loại văn bản"), queryset=DocumentType.objects.filter(is_active=True)
    )
    summary = forms.CharField(label=_("Trích yếu nội dung"), widget=forms.Textarea(attrs={"rows": 2}))
    arrived_on = date_field(_("Ngày đến"), required=True)
    handling_unit = UnitChoiceField(label=_("Đơn vị hoặc người nhận"), required=False, queryset=Unit.objects.none())
    handed_over_on = date_field(_("Ngày chuyển"))
    handling_deadline = date_field(_("Thời hạn giải quyết"))
    receipt = forms.CharField(label=_("Ký nhận"), required=False, max_length=255)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(
        label=_("Toàn văn (để tìm trích dẫn)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(label=_("Tệp văn bản (PDF, DOCX, DOC)"), required=False)


class DraftForm(AgencyUnitsForm):
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
        # Specialists and unit heads draft for their own unit (services.outgoing._check_drafting_scope).
        if user is not None and not user.is_superuser and user.scope != Scope.AGENCY:
            field = self.fields["drafting_unit"]
            field.queryset = field.queryset.filter(pk=user.unit_id)


class IssueForm(Form):
    issued_on = date_field(_("Ngày ban hành"))


class DispatchForm(Form):
    dispatched_on = date_field(_("Ngày chuyển"), required=True)
    receipt = forms.CharField(label=_("Ký nhận"), required=False, max_length=255)
    copies = forms.IntegerField(label=_("Số lượng bản"), required=False, min_value=1, max_value=10000)


class HandlingForm(AgencyUnitsForm):
    unit_fields = ("handling_unit",)

    handling_status = forms.ChoiceField(label=_("Tiến độ giải quyết"), choices=Document.Handling.choices)
    handling_deadline = date_field(_("Thời hạn giải quyết"))
    handling_unit = UnitChoiceField(label=_("Đơn vị xử lý"), required=False, queryset=Unit.objects.none())
    handed_over_on = date_field(_("Ngày chuyển"))
    handling_note = forms.CharField(
        label=_("Ghi chú tiến độ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reply_ref = forms.CharField(label=_("Số, ký hiệu văn bản trả lời"), required=False, max_length=100)


class AttachForm(Form):
    file = forms.FileField(label=_("Tệp (PDF, DOCX, DOC)"))
    kind = forms.ChoiceField(label=_("Loại tệp"), choices=DocumentFile.Kind.choices, initial=DocumentFile.Kind.ORIGINAL)
