"""Every form of the project takes its input through the boundary rule (core.forms, core.text)."""

import importlib
import pkgutil
import unicodedata

import pytest
from django import forms
from django.contrib import admin

import egov
from egov.core.forms import BoundaryForm, Form
from egov.organisations.models import Unit


class Sample(Form):
    name = forms.CharField(max_length=20)
    note = forms.CharField(required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(choices=[("a", "A")])
    password = forms.CharField(widget=forms.PasswordInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added"] = forms.CharField(required=False)  # after the base __init__


def test_text_is_normalised_and_a_control_character_refused_on_its_field():
    form = Sample(data={"name": unicodedata.normalize("NFD", "Hồ sơ"), "note": "a\r\nb", "kind": "a"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Hồ sơ" and form.cleaned_data["note"] == "a\nb"
    form = Sample(data={"name": "Dự\x1bthảo", "note": "\x00", "kind": "a\x00", "added": "\x07"})
    assert not form.is_valid()
    assert form.errors["name"] == ["Có ký tự điều khiển không được phép (U+001B) ở vị trí 3."]
    assert set(form.errors) == {"name", "note", "kind", "added"}


def test_a_password_is_left_as_typed():
    decomposed = unicodedata.normalize("NFD", "mật khẩu")
    form = Sample(data={"name": "a", "kind": "a", "password": decomposed})
    assert form.is_valid()
    assert form.cleaned_data["password"] == decomposed


def _project_modules():
    for module in pkgutil.walk_packages(egov.__path__, "egov."):
        if ".tests" in module.name or module.name.endswith(".migrations") or ".migrations." in module.name:
            continue
        if module.name.startswith("egov.settings"):
            continue
        yield importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_class_of_the_project_applies_the_boundary_rule():
    list(_project_modules())
    project_forms = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("egov.") and ".tests" not in cls.__module__
    }
    assert len(project_forms) > 40  # the walk found the project's forms
    missing = sorted(
        f"{cls.__module__}.{cls.__qualname__}" for cls in project_forms if not issubclass(cls, BoundaryForm)
    )
    assert missing == []


@pytest.mark.django_db
def test_the_admin_refuses_a_control_character_in_a_name(rf, admin_user):
    # The admin's model forms validate through the model fields (core.fields: NFC text fields).
    model_admin = admin.site._registry[Unit]
    request = rf.get("/")
    request.user = admin_user
    form_class = model_admin.get_form(request)
    form = form_class(data={"name": "Phòng\x1b Quản lý", "short_name": "QL"})
    assert not form.is_valid()
    assert "Có ký tự điều khiển không được phép (U+001B) ở vị trí 6." in form.errors["name"]


def test_a_service_refusal_lands_on_the_field_it_names_or_above_the_form():
    from django import forms
    from django.core.exceptions import ValidationError

    from egov.core.forms import apply_errors

    class NameForm(forms.Form):
        name = forms.CharField()

    form = NameForm(data={"name": "An"})
    assert form.is_valid()
    apply_errors(form, ValidationError({"name": "Tên đã có.", "code": "Mã sai."}))
    apply_errors(form, ValidationError("Hồ sơ đã kết thúc."))
    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Mã sai.", "Hồ sơ đã kết thúc."]
