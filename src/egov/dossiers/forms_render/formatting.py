"""How the forms write: dates and moments, the place and date line, the QR code of the public
look-up, always in Vietnamese; and the refusal of a form the dossier does not have yet."""

from __future__ import annotations

import base64
import datetime as dt
import io

import qrcode
from django.utils import timezone

from egov.core.formats import local_date, vn_date_long, vn_date_short
from egov.organisations.models import Agency


class FormNotApplicable(Exception):
    """The dossier has not been through the step this form records (e.g. no apology yet).

    The message is shown on a staff page, so it is translated (lazily, in the UI language)."""


# The forms are legal documents (Thông tư 01/2018/TT-VPCP): they are written in Vietnamese whatever
# the UI language, so every form renders under translation.override(FORMS_LANGUAGE) (rendering.py),
# including the model choice labels (document form, timeliness, return method) translated elsewhere.
FORMS_LANGUAGE = "vi"


def vn_datetime(value: dt.datetime | None) -> str:
    """'hh:mm, ngày dd/mm/yyyy' in local time, as the forms write it."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H:%M}, ngày {local:%d/%m/%Y}"


def vn_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local_date(value)
    return vn_date_short(value)


def qr_data_uri(text: str) -> str:
    """A PNG QR code of `text` as a data URI (no file, no network), medium error correction."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def place_and_date(agency: Agency, day: dt.date) -> str:
    """'Quảng Ngãi, ngày 05 tháng 01 năm 2021' (Nghị định 30/2020)."""
    place = agency.place_name or agency.province.name
    return f"{place}, {vn_date_long(day)}"
