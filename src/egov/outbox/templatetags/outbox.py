"""`{% demo_outbox_hint %}`: in development only, where the demo's one-time code can be read."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def demo_outbox_hint() -> str:
    if not getattr(settings, "EGOV_DEMO_OUTBOX", False):
        return ""
    return format_html(
        '<p class="hint">{} <a href="{}" target="_blank" rel="noopener">{}</a></p>',
        gettext("Bản chạy thử không gửi tin nhắn thật: mã xác nhận ở"),
        reverse("outbox:demo"),
        gettext("Hộp thư thử nghiệm (mở trong thẻ mới)"),
    )
