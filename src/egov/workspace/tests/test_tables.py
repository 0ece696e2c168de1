"""The dossier table, made in Python, prints exactly what the template's tags printed."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

from egov.dossiers.models import Dossier
from egov.organisations.roles import Role
from egov.portal.tests.world import advance_to, file_online
from egov.workspace import selectors
from egov.workspace.tables import dossier_table, dossier_url_maker, queue_url_maker

pytestmark = pytest.mark.django_db

# The whole table as the template had it before (tags and filters per row), the reference.
FORMER_TABLE = Template(
    """{% load i18n %}{% translate "Mã hồ sơ" as l_code %}{% translate "Người nộp" as l_applicant %}"""
    """{% translate "Thủ tục" as l_procedure %}{% translate "Trạng thái" as l_status %}"""
    """{% translate "Phòng, người xử lý" as l_unit %}{% translate "Hạn" as l_deadline %}"""
    """{% translate "Chưa tiếp nhận" as l_not_received %}
<table class="data responsive">
  <caption class="visually-hidden">{% translate "Danh sách hồ sơ" %}</caption>
  <thead><tr><th scope="col">{{ l_code }}</th><th scope="col">{{ l_applicant }}</th><th scope="col">{{ l_procedure }}</th><th scope="col">{{ l_status }}</th><th scope="col">{{ l_unit }}</th><th scope="col">{{ l_deadline }}</th></tr></thead>
  <tbody>
  {% for d, status_label, channel_label, overdue in rows %}
    <tr>
      <td data-label="{{ l_code }}"><a href="{% url 'workspace:dossier' d.pk %}">{{ d.code|default:l_not_received }}</a><br><span class="meta">{% blocktranslate with channel=channel_label date=d.submitted_at|date:"d/m/Y" %}{{ channel }}, nộp {{ date }}{% endblocktranslate %}</span></td>
      <td data-label="{{ l_applicant }}">{{ d.applicant_name }}</td>
      <td data-label="{{ l_procedure }}">{{ d.procedure.name }}</td>
      <td data-label="{{ l_status }}">{{ status_label }}</td>
      <td data-label="{{ l_unit }}">{{ d.unit.short_name|default:"—" }}{% if d.assignee %}, {{ d.assignee }}{% endif %}</td>
      <td data-label="{{ l_deadline }}" {% if overdue %}class="overdue"{% endif %}>{{ d.deadline|date:"d/m/Y"|default:"—" }}</td>
    </tr>
  {% empty %}
    <tr><td colspan="6">{% translate "Không có hồ sơ." %}</td></tr>
  {% endfor %}
  </tbody>
</table>
"""  # noqa: E501 (the former template's lines, as they were)
)


def _former(dossiers, today):
    rows = [
        (
            d,
            d.get_status_display(),
            d.get_channel_display(),
            d.deadline is not None and d.deadline < today and d.status in selectors.PROCESSING_STATES,
        )
        for d in dossiers
    ]
    return FORMER_TABLE.render(Context({"rows": rows}))


def _table(dossiers, today):
    table = dossier_table(selectors.table_dossiers(d.pk for d in dossiers), today)
    return render_to_string("workspace/_table.html", {"table": table})


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_table_prints_what_the_former_template_printed(department, language):
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
        printed = _table(dossiers, today)
        empty = _table([], today)
        expected_empty = _former([], today)
    assert printed == expected
    assert empty == expected_empty
    assert "&lt;b&gt;&quot;Sa &amp; Huỳnh&quot;&lt;/b&gt;" in printed
    assert "Lê &lt;i&gt;Văn&lt;/i&gt; Tám&#x27;s" in printed
    assert "05/03/2026" in printed and printed.count('class="overdue"') == 1
    assert printed.count("<tr>") == len(dossiers) + 1 and empty.count("<tr>") == 2
    heading = "Dossier code" if language == "en" else "Mã hồ sơ"
    assert printed.count(f'data-label="{heading}"') == len(dossiers)


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


def test_the_queue_tab_urls_are_the_reversed_ones_under_any_script_prefix():
    for prefix in ("/", "/mot-cua/"):
        set_script_prefix(prefix)
        try:
            url = queue_url_maker()
            for queue in selectors.QUEUES:
                assert url(queue.slug) == reverse("workspace:queue", args=[queue.slug])
        finally:
            set_script_prefix("/")


def test_queue_and_search_pages_show_the_same_row(client, department):
    dossier = advance_to(department, file_online(department, name="Đặng Thị Mỹ Lệ"), "assigned")
    client.force_login(department.user(Role.SPECIALIST))
    queue = client.get(reverse("workspace:queue", args=["viec-cua-toi"])).content.decode()
    search = client.get(reverse("workspace:search"), {"q": dossier.code}).content.decode()

    def table(page):
        start = page.index("<table")
        return page[start : page.index("</table>", start)]

    assert table(queue) == table(search)
    assert reverse("workspace:dossier", args=[dossier.pk]) in table(queue) and dossier.code in table(queue)
