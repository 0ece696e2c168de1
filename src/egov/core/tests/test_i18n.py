"""Vietnamese by default, English on request; the legal forms and documents always Vietnamese.

The English catalogue is src/egov/locale/en/LC_MESSAGES/django.po, compiled to django.mo and both
committed (a fresh machine may have no msgfmt). `make messages` regenerates and compiles it.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from egov.dossiers import forms_render
from egov.dossiers.models import DossierStep
from egov.dossiers.tests.test_forms_fixtures import make_agency, make_dossier, make_user, make_version
from egov.organisations.roles import Role

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
# Placeholders that must survive translation: %(name)s, %s, %d and {name}.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """A request under English leaves English active in this thread; later tests expect Vietnamese."""
    yield
    translation.deactivate()


# --- a small .po reader ------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        """The key gettext uses in a compiled catalogue: context EOT msgid."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def read_po(path: Path) -> list[Entry]:
    """Every active entry of a .po file (the header included, obsolete '#~' entries left out)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: str | None = None

    def start(number: int) -> Entry:
        nonlocal current
        if current is None or current.msgstrs:
            current = Entry(line=number)
            entries.append(current)
        return current

    def append(entry: Entry, name: str, text: str) -> None:
        if name == "msgid":
            entry.msgid += text
        elif name == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        elif name == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        else:
            entry.msgstrs[-1] += text

    pending_flags: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            append(current, target, ast.literal_eval(line))
            continue
        text = ast.literal_eval(rest)
        if keyword == "msgctxt" or (keyword == "msgid" and (current is None or current.msgstrs)):
            entry = start(number)
            entry.flags |= pending_flags
            pending_flags = set()
        entry = current
        if keyword.startswith("msgstr"):
            entry.msgstrs.append("")
            target = "msgstr"
        else:
            target = keyword
            if keyword == "msgctxt":
                entry.msgctxt = ""
        append(entry, target, text)
    return entries


def committed_entries() -> list[Entry]:
    return [entry for entry in read_po(PO_FILE) if entry.msgid]  # without the header


# --- (a) the committed catalogue ---------------------------------------------------------------


def test_catalogue_is_committed_po_and_mo():
    assert PO_FILE.is_file(), f"{PO_FILE} is missing: run `make messages`"
    assert MO_FILE.is_file(), f"{MO_FILE} is missing: run `make messages` and commit django.mo"
    assert len(committed_entries()) > 300


def test_every_entry_is_translated_and_none_is_fuzzy():
    bad = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in committed_entries()
        if "fuzzy" in entry.flags or not entry.msgstrs or not all(s.strip() for s in entry.msgstrs)
    ]
    assert not bad, "untranslated or fuzzy entries (translate them, remove '#, fuzzy'):\n" + "\n".join(bad)


def test_header_is_final_and_declares_english_utf8():
    header = next(entry for entry in read_po(PO_FILE) if entry.msgid == "")
    assert "fuzzy" not in header.flags  # msgfmt would leave a fuzzy header, and its charset, out of the .mo
    assert "Language: en\n" in header.msgstrs[0]
    assert "charset=UTF-8" in header.msgstrs[0]


def test_translations_keep_their_placeholders():
    bad = []
    for entry in committed_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for msgstr in entry.msgstrs:
            if sorted(PLACEHOLDER.findall(msgstr)) != expected:
                bad.append(f"line {entry.line}: {entry.msgid!r} -> {msgstr!r}")
    assert not bad, "placeholders changed in translation:\n" + "\n".join(bad)


def test_compiled_catalogue_is_in_sync_with_the_po():
    with MO_FILE.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    compiled = {key: value for key, value in catalog.items() if key != ""}
    expected = {}
    for entry in committed_entries():
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstrs[0]
        else:
            for index, msgstr in enumerate(entry.msgstrs):
                expected[(entry.key, index)] = msgstr
    stale = sorted(str(key) for key in expected if compiled.get(key) != expected[key])
    assert not stale, "django.mo is out of date with django.po, run `make messages`:\n" + "\n".join(stale[:20])
    extra = sorted(str(key) for key in compiled if key not in expected)
    assert not extra, "django.mo has entries django.po no longer has, run `make messages`:\n" + "\n".join(extra)


def test_django_loads_the_catalogue():
    with translation.override("en"):
        assert translation.gettext("Hệ thống quản lý hành chính") == "Administrative management system"
        assert translation.pgettext("time limit unit", "ngày") == "calendar days"
    with translation.override("vi"):
        assert translation.gettext("Hệ thống quản lý hành chính") == "Hệ thống quản lý hành chính"


# --- the source and the catalogue agree ----------------------------------------------------------


def _gettext_tools_missing() -> list[str]:
    return [tool for tool in ("xgettext", "msguniq", "msgmerge", "msgattrib") if shutil.which(tool) is None]


def test_catalogue_covers_every_marked_string(tmp_path, settings, monkeypatch):
    """`make messages` would change nothing: every string marked in the source has an entry, and
    no entry is for a string that is no longer marked. When this fails after new code is merged,
    run `make messages`, translate the new entries in django.po, and commit django.po and django.mo.
    Needs GNU gettext; CI installs it (.ci/run) and fails without it, elsewhere it is skipped."""
    missing_tools = _gettext_tools_missing()
    if missing_tools:
        if os.environ.get("CI") or os.environ.get("EGOV_REQUIRE_POSTGRES") == "1":  # CI (.ci/run installs gettext)
            pytest.fail(f"GNU gettext is required in CI (missing: {', '.join(missing_tools)})")
        pytest.skip(f"GNU gettext not installed (missing: {', '.join(missing_tools)})")
    source = Path(settings.LOCALE_PATHS[0]).parent
    copy = tmp_path / "egov"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc"))
    (copy / "locale").mkdir()
    # makemessages writes into LOCALE_PATHS and the working directory: both point at the copy.
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], ignore_patterns=["*/tests/*"], no_obsolete=True, verbosity=0)
    fresh = {entry.key for entry in read_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po") if entry.msgid}
    committed = {entry.key for entry in committed_entries()}
    not_in_catalogue = sorted(fresh - committed)
    no_longer_marked = sorted(committed - fresh)
    assert not not_in_catalogue and not no_longer_marked, (
        "the English catalogue is out of date: run `make messages`, translate the new entries in "
        f"{PO_FILE.relative_to(source.parent.parent)}, commit django.po and django.mo.\n"
        f"marked but not in the catalogue ({len(not_in_catalogue)}): {not_in_catalogue[:30]}\n"
        f"in the catalogue but no longer marked ({len(no_longer_marked)}): {no_longer_marked[:30]}"
    )


# --- (b) pages in the language the user asked for ------------------------------------------------


@pytest.mark.django_db
def test_home_page_is_vietnamese_without_a_preference(client):
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="vi">' in html
    assert "Hệ thống quản lý hành chính" in html
    assert "Đăng nhập" in html
    assert "Administrative management system" not in html


@pytest.mark.django_db
def test_home_page_is_english_with_accept_language(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert "Administrative management system" in html
    assert "One-stop handling of administrative procedures" in html
    assert "Log in" in html
    assert "Hệ thống quản lý hành chính" not in html


@pytest.mark.django_db
def test_login_page_follows_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("login")).content.decode()
    assert "Username" in html and "Password" in html and "Log in" in html
    assert "Tên đăng nhập" not in html and "Mật khẩu" not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tên đăng nhập" in html and "Mật khẩu" in html  # the cookie wins over the browser


@pytest.mark.django_db
def test_login_error_is_in_the_chosen_language(client):
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Incorrect username or password." in response.content.decode()


@pytest.mark.django_db
def test_language_switcher_in_the_header_sets_the_language(client):
    html = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert '<label for="language-select">Ngôn ngữ</label>' in html
    assert '<option value="vi" lang="vi" selected>Tiếng Việt</option>' in html
    assert unicodedata.is_normalized("NFC", html)
    assert '<option value="en" lang="en">English</option>' in html

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(reverse("login")).content.decode()
    assert "Username" in html
    assert '<option value="en" lang="en" selected>English</option>' in html
    assert '<label for="language-select">Language</label>' in html
    assert '<option value="vi" lang="vi">Tiếng Việt</option>' in html  # named in itself, to switch back


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_vietnamese(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="vi">' in html and "Hệ thống quản lý hành chính" in html


# --- (c) the legal forms and documents stay Vietnamese -------------------------------------------


@pytest.fixture
def received_dossier():
    agency = make_agency()
    version = make_version(agency, time_limit=15, fee=1_200_000)
    return make_dossier(agency=agency, version=version, receiver=make_user(agency=agency, name="Lê Thị Hoa"))


def _print_officer(dossier):
    from django.contrib.auth.models import Permission

    user = make_user(agency=dossier.agency, roles=(Role.RECEIVING_OFFICER,))
    user.user_permissions.add(Permission.objects.get(content_type__app_label="dossiers", codename="receive_dossier"))
    return user


@pytest.mark.django_db
def test_form_01_stays_vietnamese_under_the_english_ui(client, received_dossier):
    client.force_login(_print_officer(received_dossier))
    url = reverse("dossier_forms:form", kwargs={"pk": received_dossier.pk, "form_no": "01"})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in html
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html
    assert "Bản sao chứng thực" in html  # a model choice label, translated everywhere else
    assert "Certified copy" not in html and "Original" not in html
    assert "Tại Bộ phận Một cửa" in html and "one-stop desk" not in html  # the return method's label


@pytest.mark.django_db
def test_form_05_timeliness_and_register_stay_vietnamese_under_english(received_dossier):
    DossierStep.objects.create(
        dossier=received_dossier,
        order=1,
        name="Thẩm định hồ sơ",
        started_at=received_dossier.received_at,
        due_at=received_dossier.received_at,
        finished_at=received_dossier.received_at,
        timeliness=DossierStep.Timeliness.EARLY,
    )
    with translation.override("en"):
        form_05 = forms_render.render_form_html("05", received_dossier)
        register = forms_render.render_register_html(received_dossier.agency, received_dossier.received_at.year)
        assert translation.get_language() == "en"  # the override is undone after rendering
    assert "Trước hạn" in form_05 and "Early" not in form_05
    assert "Sổ theo dõi hồ sơ" in register and received_dossier.code in register


@pytest.mark.django_db
def test_form_pdf_stays_vietnamese_under_english(received_dossier):
    from io import BytesIO

    from pypdf import PdfReader

    with translation.override("en"):
        pdf = forms_render.render_form_pdf("01", received_dossier)
    text = unicodedata.normalize("NFC", " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))
    text = re.sub(r"\s+", " ", text)
    assert "Bản sao chứng thực" in text and "Certified copy" not in text


@pytest.mark.django_db
def test_form_not_available_page_is_in_the_ui_language(client, received_dossier):
    client.force_login(_print_officer(received_dossier))
    url = reverse("dossier_forms:form", kwargs={"pk": received_dossier.pk, "form_no": "04"})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    html = response.content.decode()
    assert "This form is not available yet" in html
    assert "The dossier has no apology and new appointment (Form 04)." in html
    vietnamese = client.get(url).content.decode()
    assert "Hồ sơ chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả." in vietnamese


def test_nd30_documents_are_built_in_vietnamese(monkeypatch):
    """The .docx builders (outgoing documents, follow-up reports) run under Vietnamese whatever
    the request's language, so no translated label can reach a legal document."""
    from egov.assignments import followup_report as followup
    from egov.documents import drafting

    seen = {}
    monkeypatch.setattr(
        drafting, "_outgoing_docx", lambda document: seen.setdefault("outgoing", translation.get_language())
    )
    monkeypatch.setattr(
        followup, "_followup_report_docx", lambda **kwargs: seen.setdefault("followup", translation.get_language())
    )
    with translation.override("en"):
        drafting.render_outgoing_docx(object())
        followup.followup_report_docx(document=object(), as_of=None, signer_title="GIÁM ĐỐC", signer_name="A")
        assert translation.get_language() == "en"
    assert seen == {"outgoing": "vi", "followup": "vi"}


# --- messages from the document services follow the UI language ------------------------------


def test_document_service_errors_are_in_the_request_language():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from egov.documents.attachments import validate_document_upload
    from egov.documents.services import outgoing

    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_document_upload(SimpleUploadedFile("empty.pdf", b""))
    assert error.value.messages == ["The file is empty; please choose the file again."]
    with pytest.raises(ValidationError) as error:
        validate_document_upload(SimpleUploadedFile("empty.pdf", b""))
    assert error.value.messages == ["Tệp rỗng, vui lòng chọn lại tệp."]

    signing = {"signing_authority": "KT.", "signer_title": "GIÁM ĐỐC", "signer_deputy_title": "", "signer_name": "A"}
    with translation.override("en"), pytest.raises(ValidationError) as error:
        outgoing._validate_signing(**signing)
    assert error.value.message_dict["signer_deputy_title"] == [
        "Signing for the head, on behalf, by order or by authorisation (KT., TM., TL., TUQ.) needs the title of "
        "the person actually signing."
    ]
