"""Input forms of the task pages; they only check shapes, the services decide."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.core.forms import Form
from egov.documents.service import AgencyUnitsForm, SigningAuthority, UnitChoiceField, date_field
from egov.organisations.models import Agency, Unit

from .models import Recurrence


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


class _LeadForm(AgencyUnitsForm):
    """One lead: a unit of the agency, or another agency."""

    unit_fields = ("lead_unit", "coordinating_units")
    other_agency_fields = ("lead_agency",)

    def _check_one_lead(self, data) -> None:
        if data.get("lead_unit") and data.get("lead_agency"):
            self.add_error("lead_agency", _("Chọn đơn vị chủ trì hoặc cơ quan chủ trì, không chọn cả hai."))


class TaskForm(_LeadForm):
    position = forms.IntegerField(label=_("Số thứ tự"), min_value=1, max_value=999)
    content = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), required=False, queryset=Unit.objects.none())
    lead_agency = _lead_agency_field()
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), required=False, queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    deadline = date_field(_("Thời hạn"))
    recurrence = forms.ChoiceField(label=_("Báo cáo định kỳ"), choices=Recurrence.choices, required=False)
    recurrence_until = date_field(_("Báo cáo định kỳ đến ngày"))
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
    as_of = date_field(_("Số liệu đến ngày"), required=True)
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
    deadline = date_field(_("Thời hạn"))
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

    recurrence_until = date_field(
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
