"""Forms take their input through the boundary rule (core.text.boundary_text), every field of
every form: text is NFC with "\\n" line ends, and no value carries a control character."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from .text import TextRefused, boundary_text, control_character


def _refusal(exc: TextRefused) -> ValidationError:
    if exc.code == "control_character":
        return ValidationError(
            gettext("Có ký tự điều khiển không được phép (%(char)s) ở vị trí %(position)s."),
            code=exc.code,
            params=exc.params,
        )
    return ValidationError(gettext("Giá trị phải là văn bản."), code=exc.code)


def _checked(value, *, text: bool):
    """The raw value of a field as the boundary rule lets it through (lists item by item)."""
    if isinstance(value, list | tuple):
        return type(value)(_checked(item, text=text) for item in value)
    if not isinstance(value, str):
        return value  # files, already-typed initial values
    try:
        if text:
            return boundary_text(value)
        if found := control_character(value):
            raise TextRefused("control_character", "", position=found[0], char=found[1])
    except TextRefused as exc:
        raise _refusal(exc) from None
    return value


def guard_field(field: forms.Field) -> None:
    """Put `field`'s input through the boundary rule before its own cleaning. Text fields are
    normalised; any other field (a choice, a key, a date) only refused a control character, so
    that no lookup sends one to the database. Password fields are left alone: a password is
    hashed, never stored or shown as text, and must match exactly what was set."""
    if getattr(field, "boundary_guarded", False) or isinstance(field.widget, forms.PasswordInput):
        return
    clean, text = field.clean, isinstance(field, forms.CharField)

    def guarded_clean(value, *args, **kwargs):
        return clean(_checked(value, text=text), *args, **kwargs)

    field.clean = guarded_clean
    field.boundary_guarded = True


class BoundaryForm:
    """Mixin for every form of the project (first base): the boundary rule for each of its fields,
    those added in a subclass's __init__ included."""

    def full_clean(self):
        for field in self.fields.values():
            guard_field(field)
        super().full_clean()


class Form(BoundaryForm, forms.Form):
    pass


class ModelForm(BoundaryForm, forms.ModelForm):
    pass


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on its form: on the field it names when the form has that
    field, else above the form. The one place every page turns a refusal into form errors."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
