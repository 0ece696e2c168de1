"""Rendering: a form's template to HTML (the preview) or through core.officedoc.pdf to PDF (what
prints), on A5 portrait for a dossier's forms and A4 landscape for the register."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from egov.core.formats import local_date
from egov.core.officedoc.pdf import font_urls, html_to_pdf
from egov.organisations.models import Agency

from .. import form_sets
from ..form_sets import FormSet, FormSpec, dossier_form_set
from ..models import Dossier
from .dossier_forms import form_context
from .formatting import FORMS_LANGUAGE, FormNotApplicable
from .register import register_context


def pdf_filename(form_no: str, dossier: Dossier) -> str:
    name = (dossier.code or f"ho-so-{dossier.pk}").replace('"', "")
    return f"mau-{form_no}-{name}.pdf"


def _render(template: str, context: dict[str, Any], *, for_pdf: bool, request=None) -> str:
    context = {**context, "fonts": font_urls(for_pdf), "for_pdf": for_pdf, "page_size": _page_size(context)}
    return render_to_string(template, context, request=request)


def _page_size(context: dict[str, Any]) -> str:
    return "A4 landscape" if context["kind"] == form_sets.REGISTER else "A5 portrait"


def _form_of(form_no: str, dossier: Dossier) -> tuple[FormSpec, FormSet]:
    """Form `form_no` of the dossier's set; ValueError for a number no set has, FormNotApplicable
    for one its set does not have (07 for a 2021 dossier)."""
    if form_no not in form_sets.ALL_NUMBERS:
        raise ValueError(f"Unknown form {form_no!r}: expected one of {', '.join(form_sets.ALL_NUMBERS)}")
    form_set = dossier_form_set(dossier)
    form = form_set.by_number(form_no)
    if form is None:
        raise FormNotApplicable(
            _("Bộ biểu mẫu %(basis)s áp dụng cho hồ sơ này không có Mẫu số %(number)s.")
            % {"basis": form_set.legal_basis, "number": form_no}
        )
    return form, form_set


def render_form_html(form_no: str, dossier: Dossier, *, request=None) -> str:
    """The HTML of form `form_no` of the dossier's set; the register's number gives the register of
    its agency and year."""
    form, form_set = _form_of(form_no, dossier)
    if form.kind == form_sets.REGISTER:
        return render_register_html(dossier.agency, _register_year(dossier), request=request)
    with translation.override(FORMS_LANGUAGE):
        context = form_context(form, form_set, dossier)
        return _render(f"dossiers/forms/{form.kind}.html", context, for_pdf=False, request=request)


def render_form_pdf(form_no: str, dossier: Dossier) -> bytes:
    form, form_set = _form_of(form_no, dossier)
    if form.kind == form_sets.REGISTER:
        return render_register_pdf(dossier.agency, _register_year(dossier))
    with translation.override(FORMS_LANGUAGE):
        html = _render(f"dossiers/forms/{form.kind}.html", form_context(form, form_set, dossier), for_pdf=True)
    return html_to_pdf(html)


def _register_year(dossier: Dossier) -> int:
    if dossier.received_at is None:
        raise FormNotApplicable(_("Hồ sơ chưa được tiếp nhận nên chưa vào Sổ theo dõi hồ sơ."))
    return local_date(dossier.received_at).year


def render_register_html(agency: Agency, year: int, *, request=None) -> str:
    with translation.override(FORMS_LANGUAGE):
        return _render("dossiers/forms/register.html", register_context(agency, year), for_pdf=False, request=request)


def render_register_pdf(agency: Agency, year: int) -> bytes:
    with translation.override(FORMS_LANGUAGE):
        html = _render("dossiers/forms/register.html", register_context(agency, year), for_pdf=True)
    return html_to_pdf(html)
