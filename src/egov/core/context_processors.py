"""Template context shared by every page."""

from functools import cache

from django.conf import settings
from django.utils import translation


@cache
def _language_options() -> tuple[tuple[str, str], ...]:
    # Each language named in itself ("Tiếng Việt", "English"), so a reader of either can switch back.
    # Computed once per process: the {% language %} block per option this replaces re-activated a
    # translation catalogue twice per language on every page.
    options = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            options.append((code, str(name)))
    return tuple(options)


def languages(request):
    return {"LANGUAGE_OPTIONS": _language_options()}
