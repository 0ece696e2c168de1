"""The log-in records (django-axes: attempts, successful log-ins, failures) as a kind of record for
retention (core.retention)."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from egov.core.retention import RecordKind, register


class _LoginRecords:
    """The three axes tables as one kind: counted and destroyed together."""

    models = (AccessAttempt, AccessLog, AccessFailureLog)

    def __init__(self, moment):
        self.moment = moment

    def count(self) -> int:
        return sum(model.objects.filter(attempt_time__lt=self.moment).count() for model in self.models)

    def delete(self) -> None:
        for model in self.models:
            model.objects.filter(attempt_time__lt=self.moment).delete()


def _destroy(records: _LoginRecords) -> list[str]:
    records.delete()
    return []


register(
    RecordKind(
        code="login_log",
        label="Nhật ký đăng nhập (lần đăng nhập, đăng nhập sai, khóa tài khoản)",
        closed_before=_LoginRecords,
        destroy=_destroy,
    )
)
