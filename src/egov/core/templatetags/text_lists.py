"""Lists kept one item a line in a text field (catalogue sections), shown as HTML lists."""

import re

from django import template

register = template.Library()

# "Bước 1:", "1.", "a)", "-", "•": the list's own numbering or bullet replaces them.
_MARKER = re.compile(r"^(?:bước\s+\d+\s*[:.\-–]|\d+[.)]|[a-zđ]\)|[-–•+*])\s+", re.IGNORECASE)


@register.filter
def list_items(text: str) -> list[str]:
    """The non-empty lines of `text`, without a leading number or bullet typed by hand."""
    items = []
    for line in (text or "").splitlines():
        line = _MARKER.sub("", line.strip(), count=1).strip()
        if line:
            items.append(line)
    return items
