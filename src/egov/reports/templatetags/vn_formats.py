"""Template filters for the Vietnamese number formats of core/formats.py: {{ 6279|vn }} -> 6.279,
{{ 98.5|vn_pct }} -> 98,5 %."""

from django import template

from egov.core.formats import vn_number, vn_percent

register = template.Library()


@register.filter
def vn(value, decimals=0):
    return vn_number(value or 0, int(decimals))


@register.filter
def vn_pct(value):
    return vn_percent(value or 0)
