"""Model fields that store Vietnamese text in NFC, whatever the input's normal form, and refuse
the control characters the boundary rule refuses (core.text) — so a ModelForm, the admin's
included, says so on the field instead of storing what no document can print."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext

from .text import control_character, nfc


def validate_no_control_character(value) -> None:
    if isinstance(value, str) and (found := control_character(value.replace("\r", "\n"))):
        raise ValidationError(
            gettext("Có ký tự điều khiển không được phép (%(char)s) ở vị trí %(position)s."),
            code="control_character",
            params={"position": found[0], "char": found[1]},
        )


class NFCMixin:
    default_validators = [validate_no_control_character]

    def to_python(self, value):
        value = super().to_python(value)
        return nfc(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return nfc(value) if isinstance(value, str) else value


class NFCCharField(NFCMixin, models.CharField):
    pass


class NFCTextField(NFCMixin, models.TextField):
    pass
