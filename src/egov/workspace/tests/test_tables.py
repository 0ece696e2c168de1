"""The dossier table's rows, computed in Python, print exactly what the template's tags printed."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

from egov.dossiers.models import Dossier
from egov.organisations.roles import Role
from egov.portal.tests.world import advance_to, file_online
from egov.workspace import selectors
from egov.workspace.tables import dossier_url_maker, table_rows

pytestmark = pytest.mark.django_db

# The table's row as the template had it before (tags and filters per row), the reference.
FORMER_ROW = Template(
    """{% load i18n %}{% for d, status_label, channel_label, overdue in rows %}"""
    """<a href="{% url 'workspace:dossier' d.pk %}">{{ d.code|default:l_not_received }}</a>|"""
    """{% blocktranslate with channel=channel_label date=d.submitted_at|date:"d/m/Y" %}"""
    """{{ channel }}, nộp {{ date }}{% endblocktranslate %}|"""
    """{{ d.applicant_name }}|{{ d.procedure.name }}|{{ status_label }}|"""
    """{{ d.unit.short_name|default:"—" }}{% if d.assignee %}, {{ d.assignee }}{% endif %}|"""
    """{% if overdue %}overdue{% endif %}|{{ d.deadline|date:"d/m/Y"|default:"—" }}\n{% endfor %}"""
)
NEW_ROW = Template(
    """{% for row in rows %}<a href="{{ row.url }}">{{ row.code }}</a>|{{ row.submitted }}|{{ row.applicant }}|"""
    """{{ row.procedure }}|{{ row.status }}|{{ row.unit }}|{% if row.overdue %}overdue{% endif %}|"""
    """{{ row.deadline }}\n"""
    """{% endfor %}"""
)


def _former(dossiers, today):
    with translation.override(translation.get_language()):
        rows = [
            (
                d,
                d.get_status_display(),
                d.get_channel_display(),
                d.deadline is not None and d.deadline < today and d.status in selectors.PROCESSING_STATES,
            )
            for d in dossiers
        ]
        return FORMER_ROW.render(Context({"rows": rows, "l_not_received": translation.gettext("Chưa tiếp nhận")}))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_rows_print_what_the_former_template_printed(department, language):
    submitted = file_online(department, name='Công ty <b>"Sa & Huỳnh"</b>')  # no code, no unit yet
    assigned = advance_to(department, file_online(department, name="Hợp tác xã Trà Bồng"), "assigned")
    late = advance_to(department, file_online(department, name="Quá Hạn"), "assigned")
    specialist = department.user(Role.SPECIALIST)
    specialist.full_name = "Lê <i>Văn</i> Tám's"
    specialist.save()
    today = timezone.localdate()
    # 23:30 UTC is the next day in Vietnam: the dates are local, as the |date filter shows them.
    Dossier.objects.filter(pk=submitted.pk).update(submitted_at=dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC))
    Dossier.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=3), apology_due_date=None)
    Dossier.objects.filter(pk=assigned.pk).update(apology_due_date=today + dt.timedelta(days=40))
    dossiers = list(selectors.with_deadline(Dossier.objects.order_by("pk")).select_related("unit", "assignee"))
    with translation.override(language):
        expected = _former(dossiers, today)
        printed = NEW_ROW.render(Context({"rows": table_rows(selectors.table_dossiers(d.pk for d in dossiers), today)}))
    assert printed == expected
    assert "&lt;b&gt;&quot;Sa &amp; Huỳnh&quot;&lt;/b&gt;" in printed
    assert "Lê &lt;i&gt;Văn&lt;/i&gt; Tám&#x27;s" in printed
    assert "05/03/2026" in printed and printed.count("overdue") == 1


def test_the_dossier_url_is_the_reversed_one_under_any_script_prefix():
    for prefix in ("/", "/mot-cua/"):
        set_script_prefix(prefix)
        try:
            url = dossier_url_maker()
            for pk in (1, 7, 123456789):
                assert url(pk) == reverse("workspace:dossier", args=[pk])
        finally:
            set_script_prefix("/")
    assert dossier_url_maker()(5).startswith("/can-bo/")


def test_queue_and_search_pages_show_the_same_row(client, department):
    dossier = advance_to(department, file_online(department, name="Đặng Thị Mỹ Lệ"), "assigned")
    client.force_login(department.user(Role.SPECIALIST))
    queue = client.get(reverse("workspace:queue", args=["viec-cua-toi"])).content.decode()
    search = client.get(reverse("workspace:search"), {"q": dossier.code}).content.decode()

    def row(page):
        start = page.index("<tbody>")
        return page[start : page.index("</tbody>", start)]

    assert row(queue) == row(search)
    assert reverse("workspace:dossier", args=[dossier.pk]) in row(queue) and dossier.code in row(queue)
