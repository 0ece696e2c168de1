"""Forms of the portal: shapes and Vietnamese messages only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from egov.core.forms import BoundaryForm, Form
from egov.dossiers.service import ApplicantKind, Dossier, Rating, ReturnMethod, normalise_phone, validate_phone
from egov.organisations.models import Agency, User
from egov.organisations.validators import PASSWORD_POLICY_HELP
from egov.procedures.service import Field, RequiredDocument

REQUIRED = {"required": _("Trường này là bắt buộc.")}
FILE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png"


class CatalogueFilterForm(Form):
    q = forms.CharField(
        label=_("Tìm thủ tục"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Ví dụ: bán buôn rượu")}),
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.order_by("name"), required=False, empty_label=_("Tất cả lĩnh vực")
    )
    online = forms.BooleanField(label=_("Chỉ thủ tục nộp trực tuyến"), required=False)


class ProcedureDateForm(Form):
    ngay = forms.DateField(
        label=_("Quy định áp dụng ngày"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm.")},
    )


class LookupForm(Form):
    ma = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=60,
        error_messages=REQUIRED,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: 000.00.53.H48-220921-0099"), "autocomplete": "off"}),
    )


class ContactForm(Form):
    channel = forms.ChoiceField(
        label=_("Nhận mã xác nhận qua"),
        choices=[("sms", _("Tin nhắn điện thoại")), ("email", _("Thư điện tử"))],
        widget=forms.RadioSelect,
        initial="sms",
        error_messages=REQUIRED,
    )
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    email = forms.CharField(label=_("Thư điện tử"), required=False, max_length=254)

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        if channel == "sms":
            phone = (data.get("phone") or "").strip()
            if not phone:
                self.add_error("phone", gettext("Cần nhập số điện thoại để nhận mã."))
            else:
                try:
                    validate_phone(phone)
                    data["recipient"] = normalise_phone(phone)
                except ValidationError as exc:
                    self.add_error("phone", exc.messages[0])
        elif channel == "email":
            email = (data.get("email") or "").strip()
            try:
                validate_email(email)
                data["recipient"] = email
            except ValidationError:
                self.add_error(
                    "email", gettext("Địa chỉ thư điện tử không hợp lệ.") if email else gettext("Cần nhập thư điện tử.")
                )
        return data


class ApplicantForm(Form):
    kind = forms.ChoiceField(
        label=_("Người nộp là"), choices=ApplicantKind.choices, widget=forms.RadioSelect, error_messages=REQUIRED
    )
    name = forms.CharField(label=_("Tên tổ chức, cá nhân"), max_length=255, error_messages=REQUIRED)
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (cá nhân)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    tax_code = forms.CharField(label=_("Mã số thuế (tổ chức)"), required=False, max_length=14)
    representative = forms.CharField(label=_("Người đại diện"), required=False, max_length=255)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=500)
    phone = forms.CharField(
        label=_("Số điện thoại"), required=False, max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.CharField(label=_("Thư điện tử"), required=False, max_length=254)


def result_delivery_field(choices=ReturnMethod.choices, initial=ReturnMethod.ELECTRONIC):
    return forms.ChoiceField(
        label=_("Nhận kết quả"), choices=choices, initial=initial, widget=forms.RadioSelect, error_messages=REQUIRED
    )


def result_address_field():
    return forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"),
        required=False,
        max_length=500,
        help_text=_("Chỉ khi nhận kết quả qua bưu chính; để trống sẽ dùng địa chỉ của người nộp."),
    )


class FilingForm(ApplicantForm):
    """Applicant details, how to receive the result, one upload slot per required document, and
    the one-time code."""

    result_delivery = result_delivery_field()
    result_address = result_address_field()

    otp = forms.CharField(
        label=_("Mã xác nhận (6 chữ số)"),
        max_length=10,
        error_messages=REQUIRED,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, documents: list[RequiredDocument], **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = documents
        for document in documents:
            suffix = "" if document.is_mandatory else " " + gettext("(không bắt buộc)")
            self.fields[f"doc_{document.pk}"] = forms.FileField(
                label=f"{document.name}{suffix}",
                required=document.is_mandatory,
                help_text=ngettext(
                    "%(form)s, %(count)s bản. PDF, JPG, PNG, DOCX hoặc XLSX.",
                    "%(form)s, %(count)s bản. PDF, JPG, PNG, DOCX hoặc XLSX.",
                    document.count,
                )
                % {"form": document.get_form_display(), "count": document.count},
                error_messages={"required": gettext("Cần tải lên “%(name)s”.") % {"name": document.name}},
                widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
            )

    def document_fields(self):
        return [self[f"doc_{document.pk}"] for document in self.documents]

    def applicant_fields(self):
        return [self[name] for name in ApplicantForm.base_fields]

    def uploads(self) -> dict[int, object]:
        return {
            document.pk: self.cleaned_data[f"doc_{document.pk}"]
            for document in self.documents
            if self.cleaned_data.get(f"doc_{document.pk}")
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": FILE_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class SupplementForm(Form):
    files = MultipleFileField(
        label=_("Tệp hồ sơ bổ sung"),
        help_text=_("Có thể chọn nhiều tệp: PDF, JPG, PNG, DOCX hoặc XLSX."),
        error_messages={"required": _("Cần tải lên ít nhất một tệp hồ sơ bổ sung.")},
    )
    note = forms.CharField(
        label=_("Ghi chú cho cán bộ"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RateForm(Form):
    rating = forms.ChoiceField(
        label=_("Mức độ hài lòng"), choices=Rating.choices, widget=forms.RadioSelect, error_messages=REQUIRED
    )
    comment = forms.CharField(
        label=_("Ý kiến thêm"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FeedbackForm(Form):
    dossier = forms.ModelChoiceField(
        label=_("Về hồ sơ"), queryset=Dossier.objects.none(), required=False, empty_label=_("Góp ý chung")
    )
    agency = forms.ModelChoiceField(
        label=_("Gửi tới cơ quan"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text=_("Với góp ý chung; góp ý về một hồ sơ được gửi tới cơ quan giải quyết hồ sơ đó."),
    )
    message = forms.CharField(
        label=_("Nội dung góp ý, phản ánh"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=REQUIRED,
    )

    def __init__(self, *args, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = dossiers
        self.fields["dossier"].label_from_instance = lambda d: f"{d.code or gettext('Chưa có mã')} — {d.procedure.name}"
        agencies = list(self.fields["agency"].queryset[:2])
        if len(agencies) == 1:  # nothing to choose
            self.fields["agency"].initial = agencies[0].pk
            self.fields["agency"].widget = forms.HiddenInput()


class SignupForm(BoundaryForm, UserCreationForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, error_messages=REQUIRED)
    email = forms.EmailField(
        label=_("Thư điện tử"), required=False, error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")}
    )
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)

    class Meta:
        model = User
        fields = ("username", "full_name", "email", "phone")
        labels = {"username": _("Tên đăng nhập")}
        help_texts = {
            "username": _("Dùng để đăng nhập: chữ cái không dấu, chữ số và các ký hiệu . @ + - _ (tối đa 150 ký tự)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The product's own words instead of Django's list of rules (one line per validator).
        self.fields["email"].help_text = _("Để nhận thông báo về hồ sơ và lấy lại mật khẩu khi quên.")
        self.fields["phone"].help_text = _("Để nhận tin nhắn về hồ sơ.")
        self.fields["password1"].help_text = PASSWORD_POLICY_HELP
        self.fields["password2"].help_text = _("Nhập lại mật khẩu trên.")

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone:
            validate_phone(phone)
            phone = normalise_phone(phone)
        return phone
