"""Forms of the account pages: passwords, the second factor, API tokens."""

from __future__ import annotations

import datetime as dt
import logging

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.forms import BoundaryForm, Form
from egov.core.integrations import IntegrationNotConfigured
from egov.organisations.forms import PasswordChosenBy
from egov.organisations.validators import PASSWORD_POLICY_HELP
from egov.outbox.backends import MessagingError
from egov.outbox.services import message_send_now

REQUIRED = {"required": _("Trường này là bắt buộc.")}
KIND_PASSWORD_RESET = "password_reset"
logger = logging.getLogger(__name__)


class _ChosenByOwner(PasswordChosenBy):
    """A password the owner chose: whatever rule asked for a change is satisfied."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_POLICY_HELP
        self.fields["new_password2"].help_text = _("Nhập lại mật khẩu mới.")


class OwnPasswordChangeForm(BoundaryForm, _ChosenByOwner, PasswordChangeForm):
    pass


class OwnSetPasswordForm(BoundaryForm, _ChosenByOwner, SetPasswordForm):
    pass


class ResetRequestForm(BoundaryForm, PasswordResetForm):
    """Asks for the account's e-mail; the link goes out through the outbox, sent at once."""

    email = forms.EmailField(
        label=_("Thư điện tử đã đăng ký"),
        max_length=254,
        error_messages={**REQUIRED, "invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        try:
            # A person waits for it; the link is a secret, so the outbox erases the body once sent,
            # and a row left unsent is failed, not sent late, once the link would have expired.
            message_send_now(
                channel="email",
                recipient=to_email,
                kind=KIND_PASSWORD_RESET,
                subject=subject,
                body=loader.render_to_string(email_template_name, context),
                about=context["user"],
                expires_at=timezone.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
                secret=True,
            )
        except (MessagingError, IntegrationNotConfigured):
            # The page says the same whether or not the address has an account, so a failure
            # is not shown to the visitor: it stays as a failed message for the administrators.
            logger.exception("Password reset e-mail to an account could not be sent")


class SecondFactorForm(Form):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        error_messages=REQUIRED,
        help_text=_("6 chữ số trên ứng dụng xác thực, hoặc một mã dự phòng (dạng XXXXX-XXXXX)."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class EnrolmentForm(Form):
    code = forms.RegexField(
        label=_("Mã 6 chữ số ứng dụng đang hiển thị"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={**REQUIRED, "invalid": _("Nhập đúng 6 chữ số ứng dụng xác thực đang hiển thị.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        error_messages=REQUIRED,
        help_text=_("Hệ thống nào dùng khóa này, ví dụ: Cổng dịch vụ công tỉnh."),
    )
    days = forms.IntegerField(
        label=_("Thời hạn (ngày)"),
        min_value=1,
        max_value=settings.EGOV_API_TOKEN_MAX_DAYS,
        initial=settings.EGOV_API_TOKEN_DEFAULT_DAYS,
        error_messages={
            **REQUIRED,
            "invalid": _("Nhập số ngày."),
            "min_value": _("Thời hạn ít nhất 1 ngày."),
            "max_value": _("Thời hạn nhiều nhất %(limit_value)s ngày."),
        },
    )
