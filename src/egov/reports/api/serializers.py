"""Input and output shapes of the statistics API (the same JSON as `manage.py tthc_stats`)."""

from django.utils.translation import gettext
from rest_framework import serializers

from egov.api.serializers import TextInput

from ..models import IndexRule
from ..selectors import GROUPINGS


def _from_first(fields: dict) -> dict:
    """ "from" is a Python keyword: declared as `date_from`, published as "from", first."""
    renamed = {"from": fields.pop("date_from")}
    renamed.update(fields)
    return renamed


class StatisticsQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(help_text="Ngày bắt đầu (YYYY-MM-DD), tính theo giờ Việt Nam.")
    to = serializers.DateField(help_text="Ngày kết thúc (YYYY-MM-DD), tính cả ngày này.")
    agency = TextInput(required=False, allow_blank=True, default="", help_text="Mã định danh cơ quan.")
    field = TextInput(required=False, allow_blank=True, default="", help_text="Tên hoặc mã lĩnh vực.")
    procedure = TextInput(required=False, allow_blank=True, default="", help_text="Mã TTHC.")
    by = serializers.ChoiceField(choices=GROUPINGS, required=False, help_text="Nhóm theo lĩnh vực hoặc thủ tục.")

    def get_fields(self):
        return _from_first(super().get_fields())

    def validate(self, attrs):
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": ["Ngày kết thúc không được trước ngày bắt đầu."]})
        if (attrs["to"] - attrs["from"]).days > 3 * 366:
            raise serializers.ValidationError({"to": ["Khoảng thời gian tối đa là 3 năm."]})
        return attrs


class ReceivedSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    carried_over = serializers.IntegerField()
    online = serializers.IntegerField()
    direct = serializers.IntegerField()
    postal = serializers.IntegerField()


class ResolvedSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    early = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()


class InProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    within_deadline = serializers.IntegerField()
    overdue = serializers.IntegerField()


class SatisfactionSerializer(serializers.Serializer):
    rated = serializers.IntegerField()
    very_satisfied = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    unsatisfied = serializers.IntegerField()
    satisfied_pct = serializers.FloatField()
    very_satisfied_pct = serializers.FloatField()


class FiguresSerializer(serializers.Serializer):
    received = ReceivedSerializer()
    resolved = ResolvedSerializer()
    withdrawn_or_stopped = serializers.IntegerField()
    in_progress = InProgressSerializer()
    satisfaction = SatisfactionSerializer()
    on_time_pct = serializers.FloatField()
    online_pct = serializers.FloatField()


class RowSerializer(FiguresSerializer):
    key = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class StatisticsSerializer(FiguresSerializer):
    date_from = serializers.DateField()
    to = serializers.DateField()
    rows = RowSerializer(many=True, required=False)

    def get_fields(self):
        return _from_first(super().get_fields())


class IndexSerializer(serializers.Serializer):
    code = serializers.CharField()
    group = serializers.IntegerField(source="rule.decision_group", help_text="Nhóm theo Quyết định 766 (5 nhóm).")
    board_group = serializers.IntegerField(
        source="rule.board_group", allow_null=True, help_text="Nhóm theo bảng điểm Cổng DVCQG (6 nhóm)."
    )
    name = serializers.CharField()
    formula = serializers.SerializerMethodField()
    status = serializers.ChoiceField(
        choices=["computed", "external", "not_applicable", "unknown"],
        help_text="computed: tính từ dữ liệu hồ sơ; external: chấm trên hệ thống quốc gia; not_applicable: không "
        "áp dụng; unknown: chưa đủ dữ liệu.",
    )
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    rate = serializers.FloatField()
    scoring = serializers.ChoiceField(source="rule.scoring", choices=IndexRule.Scoring.values)
    threshold_pct = serializers.FloatField(source="rule.threshold_pct", allow_null=True)
    max_points = serializers.FloatField(source="rule.max_points")
    score = serializers.FloatField(allow_null=True)

    def get_formula(self, result) -> str:
        return gettext(result.rule.formula) if result.rule.formula else ""


class ServiceQualitySerializer(serializers.Serializer):
    date_from = serializers.DateField()
    to = serializers.DateField()
    rule_set = serializers.CharField()
    indices = IndexSerializer(many=True)
    total_score = serializers.FloatField()
    total_max = serializers.FloatField()

    def get_fields(self):
        return _from_first(super().get_fields())
