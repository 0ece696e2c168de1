"""Input and output shapes of the statistics API (the same JSON as `manage.py tthc_stats`)."""

from rest_framework import serializers

from ..selectors import GROUPINGS


def _from_first(fields: dict) -> dict:
    """ "from" is a Python keyword: declared as `date_from`, published as "from", first."""
    renamed = {"from": fields.pop("date_from")}
    renamed.update(fields)
    return renamed


class StatisticsQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(help_text="Ngày bắt đầu (YYYY-MM-DD), tính theo giờ Việt Nam.")
    to = serializers.DateField(help_text="Ngày kết thúc (YYYY-MM-DD), tính cả ngày này.")
    agency = serializers.CharField(required=False, allow_blank=True, default="", help_text="Mã định danh cơ quan.")
    field = serializers.CharField(required=False, allow_blank=True, default="", help_text="Tên hoặc mã lĩnh vực.")
    procedure = serializers.CharField(required=False, allow_blank=True, default="", help_text="Mã TTHC.")
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
    group = serializers.IntegerField(source="definition.group")
    name = serializers.CharField(source="definition.name")
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    rate = serializers.FloatField()
    threshold_pct = serializers.FloatField(source="definition.threshold_pct")
    max_points = serializers.FloatField(source="definition.max_points")
    score = serializers.FloatField()


class ServiceQualitySerializer(serializers.Serializer):
    date_from = serializers.DateField()
    to = serializers.DateField()
    indices = IndexSerializer(many=True)
    total_score = serializers.FloatField()

    def get_fields(self):
        return _from_first(super().get_fields())
