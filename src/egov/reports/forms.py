"""The period picker: a standard period (month, quarter, 6 or 9 months, year, optionally with the
official 15th–14th cut-offs) or any range of days, and an optional field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.core.formats import local_today
from egov.core.forms import Form
from egov.procedures.service import Field

from .periods import PERIOD_LABELS, Period, PeriodError, PeriodKind, standard_period

MAX_RANGE_DAYS = 3 * 366


class PeriodForm(Form):
    ky = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=[(k.value, v) for k, v in PERIOD_LABELS.items()])
    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    so = forms.IntegerField(label=_("Tháng / quý"), min_value=1, max_value=12, required=False)
    chot = forms.BooleanField(label=_("Kỳ chốt số liệu (từ ngày 15 tháng trước đến ngày 14)"), required=False)
    tu = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    den = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    linh_vuc = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Field.objects.none(), required=False)

    def __init__(self, *args, fields_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fields_queryset is not None:
            self.fields["linh_vuc"].queryset = fields_queryset
        self.fields["linh_vuc"].empty_label = _("Tất cả lĩnh vực")

    def clean(self):
        data = super().clean()
        kind = data.get("ky")
        if not kind:
            return data
        kind = PeriodKind(kind)
        try:
            if kind is PeriodKind.CUSTOM:
                if not data.get("tu") or not data.get("den"):
                    raise forms.ValidationError(gettext("Cần chọn cả ngày bắt đầu và ngày kết thúc."))
                period = Period(data["tu"], data["den"])
                if period.days > MAX_RANGE_DAYS:
                    raise forms.ValidationError(gettext("Khoảng thời gian tối đa là 3 năm."))
            else:
                year = data.get("nam") or local_today().year
                number = data.get("so") or 1
                if kind is PeriodKind.QUARTER and number > 4:
                    raise forms.ValidationError(gettext("Quý phải từ 1 đến 4."))
                period = standard_period(kind, year, number, official=bool(data.get("chot")))
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None
        data["period"] = period
        return data


def default_period_data() -> dict:
    today = local_today()
    return {"ky": PeriodKind.MONTH.value, "nam": today.year, "so": today.month}
