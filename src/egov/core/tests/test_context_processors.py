from __future__ import annotations

import unicodedata

from django.test import RequestFactory
from django.utils import translation

from egov.core.context_processors import languages


def test_each_language_is_named_in_itself_whatever_the_active_language():
    for active in ("vi", "en"):
        with translation.override(active):
            options = languages(RequestFactory().get("/"))["LANGUAGE_OPTIONS"]
        assert options == (("vi", "Tiếng Việt"), ("en", "English"))
        assert all(unicodedata.is_normalized("NFC", name) for _, name in options)
